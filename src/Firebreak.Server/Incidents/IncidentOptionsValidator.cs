using Microsoft.Extensions.Options;

namespace Firebreak.Server.Incidents;

/// <summary>Refuses to start with webhook settings that could never deliver, naming each problem.</summary>
internal sealed class IncidentOptionsValidator : IValidateOptions<IncidentOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => $"Firebreak:Incidents: {p}"));
    }
}
