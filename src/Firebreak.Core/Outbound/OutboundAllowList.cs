using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Firebreak.Outbound;

/// <summary>
/// The hosts outbound calls may reach: each entry a host (any port) or <c>host:port</c> (that port only), and each
/// configured <c>{endpoint.name}</c> base address, which allows its own host and port. Host names compare without case and
/// trailing dot; IP addresses compare as addresses (<c>::ffff:127.0.0.1</c> is <c>127.0.0.1</c>). There are no wildcards.
/// </summary>
internal sealed class OutboundAllowList
{
    private readonly HashSet<string> _anyPort = new(StringComparer.Ordinal);
    private readonly HashSet<(string Host, int Port)> _onePort = [];

    private OutboundAllowList()
    {
    }

    /// <summary>An allow-list of <paramref name="hosts"/> (<c>host</c> or <c>host:port</c>) and the hosts of <paramref name="endpointBases"/>.</summary>
    /// <exception cref="ArgumentException">An entry is neither a host nor <c>host:port</c>, or a base is not an absolute http(s) URL.</exception>
    public static OutboundAllowList Create(IEnumerable<string> hosts, IEnumerable<string> endpointBases)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(endpointBases);
        var list = new OutboundAllowList();
        foreach (var entry in hosts)
        {
            if (!TryParseEntry(entry, out var host, out var port))
            {
                throw new ArgumentException($"'{entry}' is neither a host nor host:port.", nameof(hosts));
            }

            if (port is { } one)
            {
                list._onePort.Add((host, one));
            }
            else
            {
                list._anyPort.Add(host);
            }
        }

        foreach (var endpoint in endpointBases)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"'{endpoint}' is not an absolute http or https URL.", nameof(endpointBases));
            }

            list._onePort.Add((Normalize(uri.IdnHost), uri.Port));
        }

        return list;
    }

    /// <summary>Whether <paramref name="entry"/> is a host or <c>host:port</c>, as <see cref="Create"/> accepts it.</summary>
    public static bool IsValidEntry(string? entry) => TryParseEntry(entry, out _, out _);

    /// <summary>Whether a call may go to <paramref name="host"/> (as a URL names it, IPv6 with or without brackets) on <paramref name="port"/>.</summary>
    public bool Allows(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        var key = Normalize(host);
        return _anyPort.Contains(key) || _onePort.Contains((key, port));
    }

    /// <summary>Whether a call may go to <paramref name="uri"/>'s host and port.</summary>
    public bool Allows(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsAbsoluteUri && Allows(uri.IdnHost, uri.Port);
    }

    /// <summary>
    /// Why a URL template (a compensator's, a verification's or a memory hook's) may not be stored, or <see langword="null"/>:
    /// it starts with <c>{endpoint.name}</c> (an allowed base), or names an allowed host literally. A value filled in from an
    /// action may not decide the host.
    /// </summary>
    public string? CheckTemplate(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.StartsWith("{endpoint.", StringComparison.Ordinal))
        {
            // What follows the base must start its path: "{endpoint.desk}@evil.example" would make the base a user name.
            var close = template.IndexOf('}', StringComparison.Ordinal);
            return close < 0 || close + 1 == template.Length || template[close + 1] is '/' or '?' or '#'
                ? null
                : "must continue {endpoint.<name>} with '/', '?' or '#', so the base address decides the host";
        }

        var scheme = template.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 3;
        var end = template.IndexOfAny(['/', '?', '#'], start);
        var authority = template[start..(end < 0 ? template.Length : end)];
        if (authority.Contains('{', StringComparison.Ordinal))
        {
            return "must name its host literally or start with {endpoint.<name>}: a value filled in from an action may not decide where the call goes";
        }

        return Uri.TryCreate($"{template[..start]}{authority}/", UriKind.Absolute, out var uri)
            ? Refusal(uri)
            : $"names the host '{authority}', which is not a host";
    }

    /// <summary>
    /// Why a call to <paramref name="uri"/> would be refused before it is made, or <see langword="null"/>: its host is not
    /// allowed, or it is an address no call reaches (a metadata address, even when allowed).
    /// </summary>
    public string? Refusal(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!Allows(uri))
        {
            return $"names the host '{uri.Authority}', which is not allowed: outbound calls reach only Firebreak:Outbound:AllowedHosts and the hosts of Firebreak:Compensation:Endpoints";
        }

        var host = uri.IdnHost.Trim('[', ']');
        return IPAddress.TryParse(host, out var address) && OutboundAddresses.Refusal(host, address) is { } refusal
            ? $"names an address outbound calls never reach: {refusal}"
            : null;
    }

    private static bool TryParseEntry(string? entry, [NotNullWhen(true)] out string? host, out int? port)
    {
        (host, port) = (null, null);
        if (string.IsNullOrWhiteSpace(entry) || entry.Trim() != entry || entry.IndexOfAny(['/', '?', '#', '@', '*']) >= 0)
        {
            return false;
        }

        var text = entry;
        var colon = entry.LastIndexOf(':');
        var bracketed = entry.StartsWith('[');
        if (colon > 0 && (bracketed ? entry[colon - 1] == ']' : entry.IndexOf(':', StringComparison.Ordinal) == colon))
        {
            if (!int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                return false;
            }

            (text, port) = (entry[..colon], number);
        }

        if (IPAddress.TryParse(text.Trim('[', ']'), out _) || Uri.CheckHostName(text) == UriHostNameType.Dns)
        {
            host = Normalize(text);
            return true;
        }

        return false;
    }

    private static string Normalize(string host)
    {
        var bare = host.Trim('[', ']');
        if (IPAddress.TryParse(bare, out var address))
        {
            return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
        }

        return bare.TrimEnd('.').ToLowerInvariant();
    }
}
