using System.Net.Http.Headers;
using System.Net.Http.Json;
using Firebreak.Approvals;
using Firebreak.Auth;
using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ModelContextProtocol.Client;

namespace Firebreak.Mcp.Tests.Infrastructure;

/// <summary>
/// The real Firebreak server in this process, listening on a real port (the Node client and the C# SDK's HTTP
/// transport connect to it as to any server), on a fresh SQLite file. Its MCP upstreams are real npm servers that
/// run as child processes of this process; disposing the server stops them, and that is checked.
/// </summary>
public sealed class GatewayServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string OperatorKey = "fbk_mcp_test_operator_key";

    /// <summary>Set in the environment of every stdio upstream registered here, to find this server's upstream processes.</summary>
    private const string ServerMarkerVariable = "FIREBREAK_MCP_TEST_SERVER";

    private readonly TempDirectory _directory = new("firebreak-mcp-tests");
    private readonly string _serverId = Guid.NewGuid().ToString("N");

    public GatewayServer()
    {
        Address = ServiceProcess.FreeLoopbackAddress();
        UseKestrel(Address.Port);
    }

    public Uri Address { get; }

    public string TempFile(string name) => _directory.File(name);

    public ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }

    public HttpClient Operator()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        return client;
    }

    /// <summary>Registers (or replaces) an agent whose tools the gateway serves from <paramref name="upstreams"/>; returns the definition, to edit.</summary>
    public async Task<AgentDefinition> RegisterAsync(
        string agentId,
        IReadOnlyList<ToolDefinition> tools,
        IReadOnlyList<McpUpstreamDefinition> upstreams,
        CancellationToken cancellationToken,
        GuardrailPolicy? guardrails = null)
    {
        using var client = Operator();
        var marked = upstreams.Select(u => u.Command is null ? u : u with { Env = new Dictionary<string, string>(u.Env ?? new Dictionary<string, string>()) { [ServerMarkerVariable] = _serverId } }).ToList();
        var agent = new AgentDefinition(agentId, "mcp-tests", "An agent that reaches its tools through the MCP gateway.", tools, Mcp: new McpGatewayDefinition(marked), Guardrails: guardrails);
        using var response = await client.PutAsJsonAsync(new Uri($"/api/v1/agents/{agentId}", UriKind.Relative), agent, FirebreakJson.Options, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return agent;
    }

    /// <summary>Replaces an agent's definition as an operator does, waiting up to 5 s for its enforcement points to confirm.</summary>
    public async Task<AgentRegistration> EditAgentAsync(AgentDefinition agent, CancellationToken cancellationToken)
    {
        using var client = Operator();
        using var response = await client.PutAsJsonAsync(new Uri($"/api/v1/agents/{agent.Id}?wait=5000", UriKind.Relative), agent, FirebreakJson.Options, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<AgentRegistration>(FirebreakJson.Options, cancellationToken))!;
    }

    public async Task<string> AgentKeyAsync(string agentId, CancellationToken cancellationToken)
    {
        using var client = Operator();
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/keys", UriKind.Relative), new CreateApiKeyRequest($"{agentId}-mcp", ApiKeyRole.Agent, agentId), FirebreakJson.Options, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<CreatedApiKey>(FirebreakJson.Options, cancellationToken))!.Key;
    }

    /// <summary>An MCP client built on the official C# SDK, connected to <c>/mcp/{agentId}</c> with <paramref name="key"/>.</summary>
    public async Task<McpClient> ConnectAsync(string agentId, string key, CancellationToken cancellationToken, McpClientOptions? options = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Address, $"/mcp/{agentId}"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        });
        return await McpClient.CreateAsync(transport, options, cancellationToken: cancellationToken);
    }

    public async Task<ControlChangeResult> ChangeControlAsync(ControlChangeRequest request, CancellationToken cancellationToken)
    {
        using var client = Operator();
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/control/changes?wait=5000", UriKind.Relative), request, FirebreakJson.Options, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<ControlChangeResult>(FirebreakJson.Options, cancellationToken))!;
    }

    public async Task<IReadOnlyList<ActionRecord>> ActionsAsync(string agentId, CancellationToken cancellationToken)
    {
        using var client = Operator();
        return (await client.GetFromJsonAsync<IReadOnlyList<ActionRecord>>(new Uri($"/api/v1/actions?agent={agentId}", UriKind.Relative), FirebreakJson.Options, cancellationToken))!;
    }

    /// <summary>Waits until the ledger holds an action of <paramref name="agentId"/> that <paramref name="match"/> accepts; records of reads are written behind the call.</summary>
    public async Task<ActionRecord> WaitForActionAsync(string agentId, Func<ActionRecord, bool> match, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (true)
        {
            if ((await ActionsAsync(agentId, deadline.Token)).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    public async Task<Approval> WaitForPendingApprovalAsync(string agentId, CancellationToken cancellationToken)
    {
        using var client = Operator();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            var pending = await client.GetFromJsonAsync<IReadOnlyList<Approval>>(new Uri($"/api/v1/approvals?status=pending&agent={agentId}", UriKind.Relative), FirebreakJson.Options, deadline.Token);
            if (pending is [var approval, ..])
            {
                return approval;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    public async Task ApproveAsync(string approvalId, CancellationToken cancellationToken)
    {
        using var client = Operator();
        using var response = await client.PostAsJsonAsync(new Uri($"/api/v1/approvals/{approvalId}/approve", UriKind.Relative), new ApprovalDecisionRequest("checked the arguments"), FirebreakJson.Options, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task<IReadOnlyList<EnforcementPointInfo>> EnforcementPointsAsync(CancellationToken cancellationToken)
    {
        using var client = Operator();
        return (await client.GetFromJsonAsync<IReadOnlyList<EnforcementPointInfo>>(new Uri("/api/v1/enforcement-points", UriKind.Relative), FirebreakJson.Options, cancellationToken))!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
        await LeakCheck.NoUpstreamProcessesAsync($"{ServerMarkerVariable}={_serverId}");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Firebreak:BootstrapOperatorKey", OperatorKey);
        builder.UseSetting("Firebreak:Storage:Provider", "sqlite");
        builder.UseSetting("Firebreak:Storage:ConnectionString", _directory.File("firebreak.db"));

        // The tests register their upstreams through the API, each a script run by node.
        builder.UseSetting("Firebreak:Mcp:AllowedCommands:0", "node");

        // Streamable HTTP upstreams run on free loopback ports of this machine; the address is named, so loopback is reached.
        builder.UseSetting("Firebreak:Outbound:AllowedHosts:0", "127.0.0.1");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
