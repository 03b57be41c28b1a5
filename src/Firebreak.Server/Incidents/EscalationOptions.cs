using Firebreak.Incidents;

namespace Firebreak.Server.Incidents;

/// <summary>Paging until someone answers, and reminders of overdue status updates; bound from <c>Firebreak:Escalation</c> and validated at start.</summary>
public sealed class EscalationOptions
{
    public const string Section = "Firebreak:Escalation";

    /// <summary>
    /// Escalation policies by severity (<c>SEV1</c>..<c>SEV4</c>, or <c>P0</c>..<c>P3</c>). Declaring an incident of a
    /// severity listed here opens a page to its first level. Default: none, so nothing is paged.
    /// </summary>
    public Dictionary<string, EscalationPolicyOptions> Policies { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often due pages and overdue status updates are looked for (default 15 seconds).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether an open incident whose last status update is older than its severity's update cadence gets an
    /// <c>incident.update_overdue</c> reminder, once per missed interval (default <see langword="true"/>).
    /// </summary>
    public bool UpdateReminders { get; set; } = true;

    /// <summary>The policy for <paramref name="severity"/>, or <see langword="null"/> when it pages no one.</summary>
    internal EscalationPolicy? PolicyFor(Severity severity)
    {
        foreach (var (name, policy) in Policies)
        {
            if (SeverityNames.TryParse(name, out var parsed) && parsed == severity)
            {
                return new EscalationPolicy(policy.Levels.Select(l => l.ToLevel()).ToList());
            }
        }

        return null;
    }

    /// <summary>Every problem with these settings, given the names of the configured webhooks.</summary>
    public IReadOnlyList<string> Problems(IReadOnlyCollection<string> webhooks)
    {
        var problems = new List<string>();
        if (ScanInterval <= TimeSpan.Zero)
        {
            problems.Add("ScanInterval must be positive");
        }

        var seen = new HashSet<Severity>();
        foreach (var (name, options) in Policies)
        {
            if (!SeverityNames.TryParse(name, out var severity))
            {
                problems.Add($"policy '{name}' is not a severity (SEV1-SEV4 or P0-P3)");
                continue;
            }

            if (!seen.Add(severity))
            {
                problems.Add($"{SeverityNames.ToSevName(severity)} has two policies");
            }

            var policy = new EscalationPolicy(options.Levels.Select(l => l.ToLevel()).ToList());
            problems.AddRange(policy.Problems().Select(p => $"policy {name} {p}"));
            problems.AddRange(options.Levels
                .SelectMany(l => l.Receivers)
                .Where(r => !string.IsNullOrWhiteSpace(r) && !webhooks.Contains(r))
                .Distinct(StringComparer.Ordinal)
                .Select(r => $"policy {name} pages '{r}', which is not a webhook in {IncidentOptions.Section}:Webhooks"));
        }

        return problems;
    }
}
