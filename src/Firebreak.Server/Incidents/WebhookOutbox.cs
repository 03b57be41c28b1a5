using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Incidents;

/// <summary>
/// The durable queue of webhook deliveries. Rows are written inside the transaction of the event they announce, with
/// the exact body that will be signed and sent, so a restart neither loses a delivery nor changes its bytes.
/// </summary>
internal sealed class WebhookOutbox(IOptions<IncidentOptions> options) : IDisposable
{
    /// <summary>The event a signed ledger anchor is published as.</summary>
    public const string AnchorEvent = "ledger.anchor";

    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>
    /// Queues <paramref name="entry"/> for the webhooks that want its event and for <paramref name="receivers"/> (the
    /// webhooks a page reached), each once, in each one's format; a format without such an event gets nothing.
    /// </summary>
    public void Enqueue(WriteContext context, Incident incident, IncidentTimelineEntry entry, IReadOnlyCollection<string>? receivers = null)
    {
        var eventType = EventType(entry.Kind);
        foreach (var webhook in options.Value.Webhooks.Where(w => w.Wants(eventType) || receivers?.Contains(w.Name) == true))
        {
            if (WebhookBodies.Render(webhook, eventType, incident, entry) is not { } rendered)
            {
                continue;
            }

            var (body, target) = rendered;

            context.Execute(
                "INSERT INTO webhook_deliveries (webhook, event, incident_id, payload, target, status, attempts, created_at) VALUES (@webhook, @event, @incident, @payload, @target, 'pending', 0, @at)",
                ("webhook", webhook.Name), ("event", eventType), ("incident", incident.Id), ("payload", body), ("target", target), ("at", context.NowMs));
            Wake();
        }
    }

    /// <summary>
    /// Queues <see cref="AnchorEvent"/> for webhooks that list it by name (a <c>*</c> webhook would get one every
    /// anchor interval). The event belongs to no incident, so its incident id is empty.
    /// </summary>
    public void EnqueueAnchor(WriteContext context, LedgerAnchor anchor)
    {
        foreach (var webhook in options.Value.Webhooks.Where(w => w.Events.Contains(AnchorEvent, StringComparer.Ordinal)))
        {
            var body = webhook.Format == WebhookBodies.Slack
                ? JsonSerializer.Serialize(new { text = $"Ledger anchored at entry {anchor.Seq}: {anchor.Hash}" }, FirebreakJson.Options)
                : JsonSerializer.Serialize(new { @event = AnchorEvent, anchor }, FirebreakJson.Options);
            context.Execute(
                "INSERT INTO webhook_deliveries (webhook, event, incident_id, payload, status, attempts, created_at) VALUES (@webhook, @event, '', @payload, 'pending', 0, @at)",
                ("webhook", webhook.Name), ("event", AnchorEvent), ("payload", body), ("at", context.NowMs));
            Wake();
        }
    }

    /// <summary>Wakes the delivery service early; it also polls, so a lost wake-up only delays a delivery.</summary>
    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer woke it first; one pending wake-up is all it needs.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();

    public static string EventType(TimelineKind kind) => "incident." + StoredEnum.Name(kind);
}
