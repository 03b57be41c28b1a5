using Microsoft.Extensions.Options;

namespace Firebreak.Server.Incidents;

/// <summary>Refuses to start with an escalation policy that could not page anyone on schedule, naming each problem.</summary>
internal sealed class EscalationOptionsValidator(IOptions<IncidentOptions> incidents) : IValidateOptions<EscalationOptions>
{
    public ValidateOptionsResult Validate(string? name, EscalationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var webhooks = incidents.Value.Webhooks.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var problems = options.Problems(webhooks);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => $"{EscalationOptions.Section}: {p}"));
    }
}
