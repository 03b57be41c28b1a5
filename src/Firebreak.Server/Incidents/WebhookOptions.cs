namespace Firebreak.Server.Incidents;

/// <summary>One outbound webhook.</summary>
public sealed class WebhookOptions
{
    /// <summary>A unique name; deliveries refer to the webhook by it.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Where deliveries are posted.</summary>
    public Uri? Url { get; set; }

    /// <summary>Event types to deliver (<c>incident.declared</c>, <c>incident.status</c>, ...), or <c>*</c> for all incident events; <c>ledger.anchor</c> only when listed.</summary>
    public List<string> Events { get; init; } = [];

    /// <summary>
    /// The HMAC-SHA256 key for the <c>X-Firebreak-Signature</c> header (see <see cref="Firebreak.Webhooks.WebhookSignature"/>);
    /// for <c>pagerduty</c> also the Events API v2 integration (routing) key, for <c>opsgenie</c> the API integration key
    /// sent as <c>Authorization: GenieKey ...</c>.
    /// </summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>
    /// <c>json</c> (the default: event, incident and timeline entry), <c>slack</c> (an incoming-webhook <c>text</c> message),
    /// <c>pagerduty</c> (Events API v2 at <c>.../v2/enqueue</c>: trigger on a page, acknowledge, resolve; the incident id is
    /// the dedup key) or <c>opsgenie</c> (Alert API at <c>.../v2/alerts</c>: create with the incident id as alias, acknowledge, close).
    /// </summary>
    public string Format { get; set; } = "json";

    /// <summary>Every problem with this webhook's settings, for start-up validation.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return "a webhook has no Name";
        }

        if (Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"webhook '{Name}' needs an absolute http(s) Url";
        }

        if (string.IsNullOrEmpty(Secret))
        {
            yield return $"webhook '{Name}' needs a Secret to sign with";
        }

        // An on-call service's webhook may be reached only as an escalation receiver, so it needs no subscriptions.
        if (Events.Count == 0 && !WebhookBodies.IsAlerting(Format))
        {
            yield return $"webhook '{Name}' lists no Events";
        }

        if (!WebhookBodies.Formats.Contains(Format, StringComparer.Ordinal))
        {
            yield return $"webhook '{Name}' has Format '{Format}'; use {string.Join(", ", WebhookBodies.Formats)}";
        }
        else if (WebhookBodies.IsAlerting(Format) && Events.Contains(WebhookOutbox.AnchorEvent, StringComparer.Ordinal))
        {
            yield return $"webhook '{Name}' is {Format}, which has no {WebhookOutbox.AnchorEvent} event";
        }
    }

    public bool Wants(string eventType) => Events.Contains("*", StringComparer.Ordinal) || Events.Contains(eventType, StringComparer.Ordinal);
}
