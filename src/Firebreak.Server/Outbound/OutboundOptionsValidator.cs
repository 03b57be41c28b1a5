using Firebreak.Outbound;
using Firebreak.Server.Compensation;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Outbound;

/// <summary>Refuses to start with an allowed host that is not a host or <c>host:port</c>, or an endpoint base that is not an http(s) URL.</summary>
internal sealed class OutboundOptionsValidator(IOptions<CompensationOptions> compensation) : IValidateOptions<OutboundOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboundOptions options)
    {
        var failures = options.AllowedHosts
            .Where(h => !OutboundAllowList.IsValidEntry(h))
            .Select(h => $"{OutboundOptions.Section}:AllowedHosts: '{h}' is neither a host nor host:port (no scheme, path or wildcard).")
            .Concat(compensation.Value.Endpoints
                .Where(e => !Uri.TryCreate(e.Value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                .Select(e => $"{CompensationOptions.Section}:Endpoints:{e.Key}: '{e.Value}' is not an absolute http or https URL."))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
