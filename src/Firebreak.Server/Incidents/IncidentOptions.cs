using System.ComponentModel.DataAnnotations;

namespace Firebreak.Server.Incidents;

/// <summary>Incident settings, bound from <c>Firebreak:Incidents</c> and validated at start.</summary>
public sealed class IncidentOptions
{
    public const string Section = "Firebreak:Incidents";

    /// <summary>
    /// A folder of message templates (<c>internal.md</c>, <c>customer.md</c>, <c>chat.md</c>) that override the shipped
    /// ones file by file. Read on every message, so an edit takes effect without a restart. Default: none.
    /// </summary>
    public string? TemplatesDirectory { get; set; }

    /// <summary>Agents whose status feed (<c>/status/v1/{agent}</c>) anyone may read without a key. Default: none.</summary>
    public Dictionary<string, bool> PublicStatus { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Outbound webhooks, each with a unique name; checked at start by <see cref="Problems"/>. Default: none.</summary>
    public List<WebhookOptions> Webhooks { get; init; } = [];

    /// <summary>How often the delivery service looks for queued deliveries when nothing wakes it (default 5 seconds).</summary>
    public TimeSpan WebhookPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per delivery, the first included (default 5).</summary>
    [Range(1, 20)]
    public int WebhookMaxAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry; each later retry waits twice as long (default 1 second).</summary>
    public TimeSpan WebhookBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take (default 10 seconds).</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every problem with the webhook settings; data annotations do not reach into the list's items.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = Webhooks.SelectMany(w => w.Problems()).ToList();
        problems.AddRange(Webhooks.GroupBy(w => w.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"webhook name '{g.Key}' is used twice"));
        if (WebhookBaseDelay <= TimeSpan.Zero || WebhookTimeout <= TimeSpan.Zero || WebhookPollInterval <= TimeSpan.Zero)
        {
            problems.Add("WebhookBaseDelay, WebhookTimeout and WebhookPollInterval must be positive");
        }

        return problems;
    }
}
