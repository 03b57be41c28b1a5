using System.Buffers.Binary;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Firebreak.Detection;
using Firebreak.Incidents;
using Firebreak.Serialization;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Detection;

/// <summary>
/// Alerts and the detection cursor. Recording a finding deduplicates in the database (<see cref="AlertDeduplication"/>)
/// and is idempotent per ledger entry, so several nodes tailing the same ledger raise each alert once.
/// </summary>
internal sealed class AlertStore(Database database, StoreWriter writer, IncidentTimeline timeline)
{
    private const string Columns =
        "id, agent_id, detector, failure_class, severity, dedup_key, summary, run_ids, action_seqs, first_seen_at, last_seen_at, fired, status, incident_id, last_seq FROM alerts";

    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Records <paramref name="finding"/>: raises a new alert, or updates the open one it repeats.</summary>
    public Task<(Alert Alert, AlertChange Change)> RecordAsync(DetectorFinding finding, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => Record(context, finding), cancellationToken);

    /// <summary>Links an alert to the incident it declared or joined, with <paramref name="entry"/>, if any, on the incident's timeline in the same transaction.</summary>
    public Task<WriteResult<Alert>> SetIncidentAsync(string id, string incidentId, TimelineAct? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            timeline.WithCreated(
                context =>
                {
                    if (Find(context, id) is not { } alert)
                    {
                        return WriteResult<Alert>.NotFound(NotFound(id));
                    }

                    context.Execute("UPDATE alerts SET incident_id = @incident WHERE id = @id", ("incident", incidentId), ("id", id));
                    return WriteResult<Alert>.Created(alert with { IncidentId = incidentId });
                },
                _ => entry),
            cancellationToken);

    /// <summary>Moves an alert to <paramref name="status"/>: open → acknowledged → resolved, or straight to resolved; never back.</summary>
    public Task<WriteResult<Alert>> ChangeStatusAsync(string id, AlertStatus status, string actor, Func<Alert, TimelineAct?>? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(timeline.WithCreated(context => ChangeStatus(context, id, status, actor), entry), cancellationToken);

    private static WriteResult<Alert> ChangeStatus(WriteContext context, string id, AlertStatus status, string actor)
    {
        if (Find(context, id) is not { } alert)
        {
            return WriteResult<Alert>.NotFound(NotFound(id));
        }

        if (alert.Status == status)
        {
            return WriteResult<Alert>.Existing(alert);
        }

        if (alert.Status > status)
        {
            return WriteResult<Alert>.Conflict($"Alert '{id}' is already {StoredEnum.Name(alert.Status)}.");
        }

        context.Execute(
            "UPDATE alerts SET status = @status, status_changed_by = @actor, status_changed_at = @at WHERE id = @id",
            ("status", StoredEnum.Name(status)), ("actor", actor), ("at", context.NowMs), ("id", id));
        return WriteResult<Alert>.Created(alert with { Status = status });
    }

    /// <summary>The last ledger entry read by detection, or <see langword="null"/> before the first pass.</summary>
    public async Task<long?> GetCursorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT seq FROM detection_cursor WHERE id = 1");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Moves the cursor forward to <paramref name="seq"/>; never back.</summary>
    public Task AdvanceCursorAsync(long seq, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context =>
            {
                if (context.Execute("UPDATE detection_cursor SET seq = @seq WHERE id = 1 AND seq < @seq", ("seq", seq)) == 0)
                {
                    context.Execute("INSERT INTO detection_cursor (id, seq) VALUES (1, @seq) ON CONFLICT (id) DO NOTHING", ("seq", seq));
                }

                return true;
            },
            cancellationToken);

    public async Task<Alert?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} WHERE id = @id");
        command.AddParameter("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Alert>> ListAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filter = new SqlFilter(command)
            .Where("agent_id = @agent", "agent", query.AgentId)
            .Where("status = @status", "status", query.Status is { } status ? StoredEnum.Name(status) : null)
            .Where("last_seen_at >= @since", "since", query.Since?.ToUnixTimeMilliseconds());
        command.CommandText = $"SELECT {Columns}{filter} ORDER BY first_seen_at DESC, first_seq DESC LIMIT @limit";
        command.AddParameter("limit", query.Limit);
        var alerts = await command.ReadAllAsync(Read, cancellationToken);

        return alerts;
    }

    private static (Alert, AlertChange) Record(WriteContext context, DetectorFinding finding)
    {
        Alert? latest;
        long lastSeq;
        using (var reader = context.Query(
            $"SELECT {Columns} WHERE agent_id = @agent AND detector = @detector AND dedup_key = @key AND status <> 'resolved' ORDER BY last_seen_at DESC, first_seq DESC LIMIT 1",
            ("agent", finding.AgentId), ("detector", finding.Definition.Name), ("key", finding.DedupKey)))
        {
            latest = reader.Read() ? Read(reader) : null;
            lastSeq = latest is null ? 0 : reader.GetInt64(14);
        }

        if (latest is not null && AlertDeduplication.Repeats(latest, finding))
        {
            if (lastSeq >= finding.Seq)
            {
                return (latest, AlertChange.Unchanged);
            }

            var merged = AlertDeduplication.Merge(latest, finding);
            context.Execute(
                "UPDATE alerts SET summary = @summary, run_ids = @runs, action_seqs = @actions, last_seq = @seq, last_seen_at = @at, fired = @fired WHERE id = @id",
                ("summary", merged.Summary), ("runs", Serialize(merged.RunIds)), ("actions", Serialize(merged.ActionSeqs)), ("seq", finding.Seq),
                ("at", merged.LastSeenAt.ToUnixTimeMilliseconds()), ("fired", merged.Count), ("id", merged.Id));
            return (merged, AlertChange.Repeated);
        }

        var alert = AlertDeduplication.Raise(NewId(), finding);
        var inserted = context.Execute(
            "INSERT INTO alerts (id, agent_id, detector, failure_class, severity, dedup_key, summary, run_ids, action_seqs, first_seq, last_seq, first_seen_at, last_seen_at, fired, status) VALUES (@id, @agent, @detector, @failure, @severity, @key, @summary, @runs, @actions, @seq, @seq, @at, @at, 1, @status) ON CONFLICT (agent_id, detector, dedup_key, first_seq) DO NOTHING",
            ("id", alert.Id), ("agent", alert.AgentId), ("detector", alert.Detector), ("failure", FailureClassNames.Format(alert.FailureClass)),
            ("severity", (int)alert.Severity), ("key", alert.DedupKey), ("summary", alert.Summary), ("runs", Serialize(alert.RunIds)),
            ("actions", Serialize(alert.ActionSeqs)), ("seq", finding.Seq), ("at", alert.FirstSeenAt.ToUnixTimeMilliseconds()), ("status", StoredEnum.Name(AlertStatus.Open)));
        if (inserted == 1)
        {
            return (alert, AlertChange.Raised);
        }

        using var existing = context.Query(
            $"SELECT {Columns} WHERE agent_id = @agent AND detector = @detector AND dedup_key = @key AND first_seq = @seq",
            ("agent", alert.AgentId), ("detector", alert.Detector), ("key", alert.DedupKey), ("seq", finding.Seq));
        existing.Read();
        return (Read(existing), AlertChange.Unchanged);
    }

    private static Alert? Find(WriteContext context, string id)
    {
        using var reader = context.Query($"SELECT {Columns} WHERE id = @id", ("id", id));
        return reader.Read() ? Read(reader) : null;
    }

    private static Alert Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        FailureClassNames.Parse(reader.GetString(3)),
        (Severity)Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture),
        reader.GetString(5),
        reader.GetString(6),
        JsonSerializer.Deserialize<string[]>(reader.GetString(7), FirebreakJson.Options)!,
        JsonSerializer.Deserialize<long[]>(reader.GetString(8), FirebreakJson.Options)!,
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
        Convert.ToInt32(reader.GetValue(11), CultureInfo.InvariantCulture),
        StoredEnum.Parse<AlertStatus>(reader.GetString(12)),
        reader.GetNullableString(13));

    /// <summary><c>alt_</c> and 26 Crockford base-32 characters of a time-ordered random 128-bit value.</summary>
    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7().TryWriteBytes(bytes, bigEndian: true, out _);
        Span<char> text = stackalloc char[26];
        var value = new UInt128(BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        for (var i = 25; i >= 0; i--)
        {
            text[i] = Crockford[(int)(value & 31)];
            value >>= 5;
        }

        return "alt_" + new string(text);
    }

    private static string NotFound(string id) => $"Alert '{id}' does not exist.";

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, FirebreakJson.Options);
}
