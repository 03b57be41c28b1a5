using System.Data.Common;
using Firebreak.Incidents;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Incidents;

/// <summary>
/// The page table. Writes run inside the caller's transaction, so a page opens, sends, is acknowledged or closes
/// together with the timeline entry (and webhook deliveries) that announce it. Every change is conditional on the state
/// the caller read, so of two nodes scanning the same database only one sends a step.
/// </summary>
internal sealed class IncidentPages(Database database, IOptions<EscalationOptions> options)
{
    private const string Columns =
        "incident_id, severity, opened_at, opened_by, sent, level, next_due_at, version, acknowledged_by, acknowledged_at, closed_at FROM incident_pages";

    public EscalationPolicy? PolicyFor(Severity severity) => options.Value.PolicyFor(severity);

    /// <summary>
    /// Opens a page for <paramref name="incidentId"/> and counts its first step as sent: the caller announces it in the
    /// same transaction. Returns the first level's receivers, or <see langword="null"/> when the severity pages no one or
    /// the incident already has a page.
    /// </summary>
    public IReadOnlyList<string>? Open(WriteContext context, string incidentId, Severity severity, string actor)
    {
        if (PolicyFor(severity) is not { } policy)
        {
            return null;
        }

        var steps = EscalationSchedule.Steps(policy, context.Now);
        var opened = context.Execute(
            "INSERT INTO incident_pages (incident_id, severity, opened_at, opened_by, sent, level, next_due_at, version) VALUES (@id, @severity, @at, @actor, 1, 0, @next, 1) ON CONFLICT (incident_id) DO NOTHING",
            ("id", incidentId), ("severity", (int)severity), ("at", context.NowMs), ("actor", actor), ("next", steps[1].At.ToUnixTimeMilliseconds()));
        return opened == 1 ? policy.Levels[0].Receivers : null;
    }

    /// <summary>
    /// Records <paramref name="step"/> as sent, if the page is still at <paramref name="page"/>'s version and unanswered.
    /// <see langword="false"/> means another node sent it, or someone answered, first: the caller sends nothing.
    /// </summary>
    public static bool Claim(WriteContext context, IncidentPage page, EscalationStep step, DateTimeOffset? nextAt) =>
        context.Execute(
            "UPDATE incident_pages SET sent = @sent, level = @level, next_due_at = @next, version = version + 1 WHERE incident_id = @id AND version = @version AND acknowledged_at IS NULL AND closed_at IS NULL",
            ("sent", step.Index + 1), ("level", step.Level), ("next", step.Kind == EscalationStepKind.Exhausted ? null : nextAt?.ToUnixTimeMilliseconds()),
            ("id", page.IncidentId), ("version", page.Version)) == 1;

    /// <summary>Moves the due time of a page whose policy changed under it, if nothing else changed it first.</summary>
    public static void Reschedule(WriteContext context, IncidentPage page, DateTimeOffset? nextAt) =>
        context.Execute(
            "UPDATE incident_pages SET next_due_at = @next, version = version + 1 WHERE incident_id = @id AND version = @version",
            ("next", nextAt?.ToUnixTimeMilliseconds()), ("id", page.IncidentId), ("version", page.Version));

    /// <summary>Marks an open, unanswered page acknowledged; returns it as it now is, or <see langword="null"/> when there was none to acknowledge.</summary>
    public static IncidentPage? Acknowledge(WriteContext context, string incidentId, string actor) =>
        context.Execute(
            "UPDATE incident_pages SET acknowledged_by = @actor, acknowledged_at = @at, next_due_at = NULL, version = version + 1 WHERE incident_id = @id AND acknowledged_at IS NULL AND closed_at IS NULL",
            ("actor", actor), ("at", context.NowMs), ("id", incidentId)) == 1
            ? Find(context, incidentId)
            : null;

    /// <summary>Ends the page of a resolved or closed incident; returns it as it now is, or <see langword="null"/> when it had none open.</summary>
    public static IncidentPage? Close(WriteContext context, string incidentId) =>
        context.Execute(
            "UPDATE incident_pages SET closed_at = @at, next_due_at = NULL, version = version + 1 WHERE incident_id = @id AND closed_at IS NULL",
            ("at", context.NowMs), ("id", incidentId)) == 1
            ? Find(context, incidentId)
            : null;

    /// <summary>Everyone the page reached: the receivers of every level up to the one it is at.</summary>
    public IReadOnlyList<string> Reached(IncidentPage page) =>
        PolicyFor(SeverityNames.Parse(page.Severity)) is { } policy
            ? policy.Levels.Take(page.Level + 1).SelectMany(l => l.Receivers).Distinct(StringComparer.Ordinal).ToList()
            : [];

    public static IncidentPage? Find(WriteContext context, string incidentId)
    {
        using var reader = context.Query($"SELECT {Columns} WHERE incident_id = @id", ("id", incidentId));
        return reader.Read() ? Read(reader) : null;
    }

    public async Task<IncidentPage?> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} WHERE incident_id = @id");
        command.AddParameter("id", incidentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The open pages whose next step is due at <paramref name="now"/>, most overdue first.</summary>
    public async Task<IReadOnlyList<IncidentPage>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            $"SELECT {Columns} WHERE next_due_at <= @now AND acknowledged_at IS NULL AND closed_at IS NULL ORDER BY next_due_at LIMIT @limit");
        command.AddParameter("now", now.ToUnixTimeMilliseconds());
        command.AddParameter("limit", limit);
        var pages = new List<IncidentPage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pages.Add(Read(reader));
        }

        return pages;
    }

    private static IncidentPage Read(DbDataReader reader) => new(
        reader.GetString(0),
        SeverityNames.ToSevName((Severity)reader.GetInt32(1)),
        FromMs(reader.GetInt64(2)),
        reader.GetString(3),
        reader.GetInt32(4),
        reader.GetInt32(5),
        reader.GetNullableInt64(6) is { } next ? FromMs(next) : null,
        reader.GetInt64(7),
        reader.GetNullableString(8),
        reader.GetNullableInt64(9) is { } acknowledged ? FromMs(acknowledged) : null,
        reader.GetNullableInt64(10) is { } closed ? FromMs(closed) : null);

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
