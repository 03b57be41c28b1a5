using System.Globalization;
using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Serialization;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Incidents;

/// <summary>
/// Pages until someone answers. A scan sends every page step that is due (repeat, escalation, exhaustion) and every
/// overdue-update reminder, each as a timeline entry queued through the webhook outbox in the same transaction that
/// claims it. The claim is a conditional update of the stored state, so after a restart nothing is lost (due times come
/// from stored times) and two nodes scanning one database send each step once.
/// </summary>
internal sealed partial class IncidentEscalation(
    Database database,
    StoreWriter writer,
    IncidentStore incidents,
    IncidentPages pages,
    IOptions<EscalationOptions> options,
    TimeProvider time,
    ILogger<IncidentEscalation> logger)
{
    /// <summary>Who the timeline names for what the escalation does on its own.</summary>
    public const string Actor = "escalation";

    private const int ScanLimit = 200;

    /// <summary>Opens a page for the incident (the playbook page step); a conflict when its severity pages no one or it already has a page.</summary>
    public Task<WriteResult<IncidentPage>> OpenAsync(string incidentId, string actor, string reason, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context =>
            {
                if (IncidentStore.Find(context, incidentId) is not { } incident)
                {
                    return WriteResult<IncidentPage>.NotFound($"Incident '{incidentId}' does not exist.");
                }

                if (pages.Open(context, incidentId, SeverityNames.Parse(incident.Severity), actor) is not { } receivers)
                {
                    return IncidentPages.Find(context, incidentId) is { } existing
                        ? WriteResult<IncidentPage>.Existing(existing)
                        : WriteResult<IncidentPage>.Conflict($"{incident.Severity} has no escalation policy in {EscalationOptions.Section}:Policies.");
                }

                incidents.AppendTimeline(
                    context, incident, TimelineKind.Page, actor, Describe(EscalationStepKind.Page, 0, 0, receivers, reason),
                    Data(EscalationStepKind.Page, 0, 0, receivers, 0), receivers);
                return WriteResult<IncidentPage>.Created(IncidentPages.Find(context, incidentId)!);
            },
            cancellationToken);

    /// <summary>Acknowledges the incident's page: its repeats and escalations stop, and everyone it reached hears so.</summary>
    public Task<WriteResult<IncidentPage>> AcknowledgeAsync(string incidentId, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context =>
            {
                if (IncidentStore.Find(context, incidentId) is not { } incident)
                {
                    return WriteResult<IncidentPage>.NotFound($"Incident '{incidentId}' does not exist.");
                }

                if (IncidentPages.Acknowledge(context, incidentId, actor) is not { } page)
                {
                    return IncidentPages.Find(context, incidentId) switch
                    {
                        null => WriteResult<IncidentPage>.NotFound($"Incident '{incidentId}' has no page."),
                        { AcknowledgedAt: { } at } existing => WriteResult<IncidentPage>.Conflict(
                            $"The page of '{incidentId}' was acknowledged by {existing.AcknowledgedBy} at {at.ToString("O", CultureInfo.InvariantCulture)}."),
                        _ => WriteResult<IncidentPage>.Conflict($"The page of '{incidentId}' ended when the incident was resolved."),
                    };
                }

                incidents.AppendTimeline(
                    context, incident, TimelineKind.PageAcknowledged, actor, $"Page acknowledged by {actor} at level {page.Level + 1}.",
                    Json(new { level = page.Level + 1 }), pages.Reached(page));
                return WriteResult<IncidentPage>.Created(page);
            },
            cancellationToken);

    /// <summary>Sends what is due at the clock's now; returns how many page steps and reminders this node sent.</summary>
    public async Task<(int Pages, int Reminders)> ScanAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        foreach (var page in await pages.DueAsync(now, ScanLimit, cancellationToken))
        {
            if (await SendAsync(page, now, cancellationToken))
            {
                sent++;
            }
        }

        var reminded = options.Value.UpdateReminders ? await RemindAsync(now, cancellationToken) : 0;
        return (sent, reminded);
    }

    internal static string Describe(EscalationStepKind kind, int level, int repeat, IReadOnlyCollection<string> receivers, string reason)
    {
        var to = string.Join(", ", receivers);
        return kind switch
        {
            EscalationStepKind.Page => $"Paged level 1 ({to}): {reason}",
            EscalationStepKind.Repeat => $"Repeated page {repeat} to level {level + 1} ({to}): {reason}",
            EscalationStepKind.Escalate => $"Escalated to level {level + 1} ({to}): {reason}",
            _ => $"Escalation exhausted: nobody acknowledged the page to {to}.",
        };
    }

    internal static JsonElement Data(EscalationStepKind kind, int level, int repeat, IReadOnlyCollection<string> receivers, int skipped) =>
        Json(new { step = StoredEnum.Name(kind), level = level + 1, repeat, receivers, skipped });

    private async Task<bool> SendAsync(IncidentPage page, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (pages.PolicyFor(SeverityNames.Parse(page.Severity)) is not { } policy)
        {
            // The policy was removed from the settings: the page has no schedule left to follow.
            await writer.WriteAsync(context => { IncidentPages.Reschedule(context, page, null); return true; }, cancellationToken);
            return false;
        }

        var due = EscalationSchedule.Due(policy, page.OpenedAt, page.Sent, page.AcknowledgedAt, now);
        if (due.Step is not { } step)
        {
            // The policy changed under the page; its next step moved.
            await writer.WriteAsync(context => { IncidentPages.Reschedule(context, page, due.NextAt); return true; }, cancellationToken);
            return false;
        }

        var claimed = await writer.WriteAsync(
            context =>
            {
                if (!IncidentPages.Claim(context, page, step, due.NextAt) || IncidentStore.Find(context, page.IncidentId) is not { } incident)
                {
                    return false;
                }

                var level = policy.Levels[step.Level];
                if (step.Kind == EscalationStepKind.Exhausted)
                {
                    var reached = policy.Levels.SelectMany(l => l.Receivers).Distinct(StringComparer.Ordinal).ToList();
                    incidents.AppendTimeline(
                        context, incident, TimelineKind.Note, Actor, Describe(step.Kind, step.Level, 0, reached, string.Empty),
                        Data(step.Kind, step.Level, 0, reached, due.Skipped));
                    return true;
                }

                incidents.AppendTimeline(
                    context, incident, TimelineKind.Page, Actor, Describe(step.Kind, step.Level, step.Repeat, level.Receivers, $"{incident.Title}; nobody has acknowledged."),
                    Data(step.Kind, step.Level, step.Repeat, level.Receivers, due.Skipped), level.Receivers);
                return true;
            },
            cancellationToken);
        if (claimed)
        {
            LogStepSent(logger, page.IncidentId, StoredEnum.Name(step.Kind), step.Level + 1, step.Repeat);
        }

        return claimed;
    }

    private async Task<int> RemindAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var owed = new List<(string Id, DateTimeOffset Missed, DateTimeOffset LastUpdate, TimeSpan Cadence)>();
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await using var command = connection.CreateCommand(
                "SELECT i.id, i.severity, i.status, i.last_update_at, r.reminded_for FROM incidents i LEFT JOIN incident_update_reminders r ON r.incident_id = i.id WHERE i.status IN ('declared', 'investigating', 'mitigated')");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var policy = SeverityPolicy.Defaults[(Severity)reader.GetInt32(1)];
                var status = Enum.Parse<IncidentStatus>(reader.GetString(2), ignoreCase: true);
                var lastUpdate = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3));
                DateTimeOffset? remindedFor = reader.GetNullableInt64(4) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
                if (UpdateCadence.ReminderDue(policy, status, lastUpdate, remindedFor, now) is { } missed)
                {
                    owed.Add((reader.GetString(0), missed, lastUpdate, policy.UpdateCadence!.Value));
                }
            }
        }

        var sent = 0;
        foreach (var (id, missed, lastUpdate, cadence) in owed)
        {
            var claimed = await writer.WriteAsync(
                context =>
                {
                    // Claimed only if no node reminded for this deadline (or a later one) yet.
                    var changed = context.Execute(
                        "INSERT INTO incident_update_reminders (incident_id, reminded_for) VALUES (@id, @missed) ON CONFLICT (incident_id) DO UPDATE SET reminded_for = excluded.reminded_for WHERE incident_update_reminders.reminded_for < excluded.reminded_for",
                        ("id", id), ("missed", missed.ToUnixTimeMilliseconds()));
                    if (changed != 1 || IncidentStore.Find(context, id) is not { } incident)
                    {
                        return false;
                    }

                    incidents.AppendTimeline(
                        context, incident, TimelineKind.UpdateOverdue, Actor,
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"Status update overdue: the last went out at {lastUpdate:O}; {incident.Severity} updates are due every {cadence.TotalMinutes:0} minutes."),
                        Json(new { lastUpdateAt = lastUpdate, dueAt = missed, cadenceMinutes = cadence.TotalMinutes }));
                    return true;
                },
                cancellationToken);
            if (claimed)
            {
                sent++;
            }
        }

        return sent;
    }

    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value, FirebreakJson.Options);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: page step {Step} sent to level {Level} (repeat {Repeat})")]
    private static partial void LogStepSent(ILogger logger, string incidentId, string step, int level, int repeat);
}
