using System.Globalization;
using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Serialization;
using Firebreak.Server.Storage;
using Firebreak.Webhooks;

namespace Firebreak.Server.Incidents;

/// <summary>
/// The body (and, for Opsgenie, the path below the webhook's URL) of an incident event in each webhook format. PagerDuty
/// and Opsgenie only know alerts, so of the incident's events they get the page (trigger, create), its acknowledgement
/// and the resolution (resolve, close), keyed by the incident id; everything else is not sent to them.
/// </summary>
internal static class WebhookBodies
{
    public const string Json = "json";
    public const string Slack = "slack";
    public const string PagerDuty = "pagerduty";
    public const string Opsgenie = "opsgenie";

    /// <summary>PagerDuty caps <c>payload.summary</c> at 1024 characters, Opsgenie <c>message</c> at 130.</summary>
    private const int PagerDutySummaryLimit = 1024;
    private const int OpsgenieMessageLimit = 130;
    private const int OpsgenieDescriptionLimit = 15000;

    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The formats a webhook may use.</summary>
    public static IReadOnlyList<string> Formats { get; } = [Json, Slack, PagerDuty, Opsgenie];

    /// <summary>The formats that are an on-call service's alert API: they are driven by pages, not by event subscriptions.</summary>
    public static bool IsAlerting(string format) => format is PagerDuty or Opsgenie;

    /// <summary>What to send <paramref name="webhook"/> for <paramref name="entry"/>, or <see langword="null"/> when its format has no such event.</summary>
    public static (string Body, string? Target)? Render(WebhookOptions webhook, string eventType, Incident incident, IncidentTimelineEntry entry) => webhook.Format switch
    {
        Slack => (JsonSerializer.Serialize(new { text = SlackText.Escape($"[{incident.Severity}] {incident.Id} {incident.Title}: {entry.Text}") }, FirebreakJson.Options), null),
        PagerDuty => Action(incident, entry) is { } action ? (PagerDutyBody(webhook, action, incident, entry), null) : null,
        Opsgenie => Action(incident, entry) is { } action ? OpsgenieRequest(action, incident, entry) : null,
        _ => (JsonSerializer.Serialize(new { @event = eventType, incident, entry }, FirebreakJson.Options), null),
    };

    private static AlertAction? Action(Incident incident, IncidentTimelineEntry entry) => entry.Kind switch
    {
        TimelineKind.Page => AlertAction.Trigger,
        TimelineKind.PageAcknowledged => AlertAction.Acknowledge,
        TimelineKind.Status when incident.Status is IncidentStatus.Resolved or IncidentStatus.Closed => AlertAction.Resolve,
        _ => null,
    };

    private static string PagerDutyBody(WebhookOptions webhook, AlertAction action, Incident incident, IncidentTimelineEntry entry)
    {
        if (action != AlertAction.Trigger)
        {
            return JsonSerializer.Serialize(
                new { RoutingKey = webhook.Secret, EventAction = action == AlertAction.Acknowledge ? "acknowledge" : "resolve", DedupKey = incident.Id },
                SnakeCase);
        }

        var severity = SeverityNames.Parse(incident.Severity) switch
        {
            Severity.Sev1 => "critical",
            Severity.Sev2 => "error",
            Severity.Sev3 => "warning",
            _ => "info",
        };
        return JsonSerializer.Serialize(
            new
            {
                RoutingKey = webhook.Secret,
                EventAction = "trigger",
                DedupKey = incident.Id,
                Client = "Firebreak",
                Payload = new
                {
                    Summary = Truncate($"[{incident.Severity}] {incident.Id} {incident.Title}: {entry.Text}", PagerDutySummaryLimit),
                    Source = incident.Agents[0],
                    Severity = severity,
                    Timestamp = entry.At.ToString("O", CultureInfo.InvariantCulture),
                    Class = FailureClassNames.Format(incident.FailureClass),
                    CustomDetails = new { Incident = incident.Id, Status = StoredEnum.Name(incident.Status), incident.Commander, Agents = incident.Agents },
                },
            },
            SnakeCase);
    }

    private static (string Body, string? Target) OpsgenieRequest(AlertAction action, Incident incident, IncidentTimelineEntry entry)
    {
        if (action != AlertAction.Trigger)
        {
            var verb = action == AlertAction.Acknowledge ? "acknowledge" : "close";
            return (
                JsonSerializer.Serialize(new { user = entry.Actor, source = "Firebreak", note = entry.Text }, FirebreakJson.Options),
                $"/{Uri.EscapeDataString(incident.Id)}/{verb}?identifierType=alias");
        }

        var priority = SeverityNames.Parse(incident.Severity) switch
        {
            Severity.Sev1 => "P1",
            Severity.Sev2 => "P2",
            Severity.Sev3 => "P3",
            _ => "P4",
        };
        var body = JsonSerializer.Serialize(
            new
            {
                message = Truncate($"[{incident.Severity}] {incident.Id} {incident.Title}", OpsgenieMessageLimit),
                alias = incident.Id,
                description = Truncate(entry.Text, OpsgenieDescriptionLimit),
                priority,
                source = "Firebreak",
                entity = incident.Agents[0],
                tags = new[] { incident.Severity, FailureClassNames.Format(incident.FailureClass) },
                details = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["incident"] = incident.Id,
                    ["status"] = StoredEnum.Name(incident.Status),
                    ["commander"] = incident.Commander,
                },
            },
            FirebreakJson.Options);
        return (body, null);
    }

    private static string Truncate(string text, int limit) => text.Length <= limit ? text : string.Concat(text.AsSpan(0, limit - 1), "…");

    private enum AlertAction
    {
        Trigger,
        Acknowledge,
        Resolve,
    }
}
