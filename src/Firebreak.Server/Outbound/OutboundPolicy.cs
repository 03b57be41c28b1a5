using System.Net;
using System.Net.Sockets;
using Firebreak.Outbound;
using Firebreak.Registry;
using Firebreak.Server.Compensation;
using Firebreak.Validation;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Outbound;

/// <summary>
/// Guards every outbound call the server makes on an agent's behalf. Its handler follows no redirects, goes to the target
/// directly (no proxy, so the address checked is the address reached), refuses hosts outside <see cref="OutboundAllowList"/>,
/// and resolves the host itself, connecting only to the addresses it has checked with <see cref="OutboundAddresses.Refusal"/>,
/// so a DNS answer that changes between the check and the connection cannot lead anywhere else.
/// </summary>
internal sealed class OutboundPolicy(IOptions<OutboundOptions> outbound, IOptions<CompensationOptions> compensation)
{
    private readonly Lazy<OutboundAllowList> _allowList = new(() =>
        OutboundAllowList.Create(outbound.Value.AllowedHosts, compensation.Value.Endpoints.Values));

    public OutboundAllowList AllowList => _allowList.Value;

    public int MaxResponseBytes => outbound.Value.MaxResponseBytes;

    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectCallback = ConnectAsync,
    };

    /// <summary>Adds an error for each URL of <paramref name="agent"/> whose host outbound calls may not reach.</summary>
    public void Check(AgentDefinition agent, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(agent);
        for (var i = 0; i < agent.Tools.Count; i++)
        {
            CheckHttp(agent.Tools[i]?.Compensation?.Http, $"tools[{i}].compensation.http", errors);
        }

        CheckHttp(agent.Memory?.Purge, "memory.purge", errors);
        CheckHttp(agent.Memory?.Quarantine, "memory.quarantine", errors);
        var upstreams = agent.Mcp?.Upstreams ?? [];
        for (var i = 0; i < upstreams.Count; i++)
        {
            if (upstreams[i]?.Url is { IsAbsoluteUri: true } url && AllowList.Refusal(url) is { } refusal)
            {
                errors.Add($"mcp.upstreams[{i}].url", refusal);
            }
        }
    }

    private void CheckHttp(HttpCompensator? http, string field, ValidationErrors errors)
    {
        if (http is null)
        {
            return;
        }

        if (AllowList.CheckTemplate(http.Url) is { } url)
        {
            errors.Add($"{field}.url", url);
        }

        if (http.VerifyUrl is not null && AllowList.CheckTemplate(http.VerifyUrl) is { } verify)
        {
            errors.Add($"{field}.verifyUrl", verify);
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        if (!AllowList.Allows(host, port))
        {
            throw new OutboundRefusedException(
                $"outbound call refused: {host}:{port} is not an allowed host (Firebreak:Outbound:AllowedHosts, Firebreak:Compensation:Endpoints)");
        }

        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        foreach (var address in addresses)
        {
            Refuse(host, address);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);

            // The checked addresses are the only ones tried; the one connected to is checked again all the same.
            Refuse(host, ((IPEndPoint)socket.RemoteEndPoint!).Address);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void Refuse(string host, IPAddress address)
    {
        if (OutboundAddresses.Refusal(host, address) is { } reason)
        {
            throw new OutboundRefusedException($"outbound call refused: {reason}");
        }
    }
}
