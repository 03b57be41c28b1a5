using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Firebreak.Control;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Firebreak.Server.Control;

/// <summary>
/// The enforcement point table every node shares on PostgreSQL (<c>enforcement_points</c>), so a change made through any
/// node waits for, and reports, the points connected to every node, and an acknowledgement sent to any node counts.
/// Does nothing on SQLite, where one node holds its points in memory (<see cref="EnforcementPoints"/>).
/// </summary>
/// <remarks>
/// <para>
/// Registrations are serialized between nodes by an advisory lock, so the ownership of a point id and
/// <see cref="ControlOptions.MaxPoints"/> hold for the whole cluster. The acknowledgements a node receives are recorded in
/// batches: one statement updates the points' rows and announces each on <see cref="AckChannel"/>; every node's <see cref="ControlListener"/> hands the
/// announcement to the changes waiting there, so waiting is pushed, not polled. A wait still reads the table once more
/// when it ends, so an announcement lost while a listener reconnected cannot turn a confirmed point unconfirmed.
/// </para>
/// <para>
/// Each node beats in <c>firebreak_nodes</c> every <see cref="ControlOptions.HeartbeatInterval"/>, refreshing the
/// <c>last_seen</c> of its connected points in the same round trip. A node silent for a lease (<see cref="ControlOptions.LeaseTtl"/>)
/// is dead: its points are listed disconnected and expire <see cref="ControlOptions.PointRetention"/> after they were last
/// seen. Until then a change still waits for them, since their guards are expected to reconnect to another node within
/// their lease and confirm there; one that does not is reported unconfirmed.
/// </para>
/// </remarks>
internal sealed partial class PointDirectory(
    Database database,
    NodeIdentity node,
    TimeProvider time,
    IOptions<ControlOptions> options,
    ILogger<PointDirectory> logger) : BackgroundService
{
    /// <summary>The channel that carries acknowledgements between nodes, as <c>&lt;epoch&gt; &lt;pointId&gt;</c>.</summary>
    public const string AckChannel = "firebreak_ack";

    private const long RegistrationLock = 7428310046;

    private const string Columns =
        "p.point_id, p.agent_id, p.host, p.version, p.node_id, p.stream_id, p.connected, p.connected_at, p.last_seen, p.applied_epoch, p.acked_at, n.heartbeat_at";

    // A point counts as connected only while the node serving its stream beats.
    private const string Live =
        "(p.connected AND EXISTS (SELECT 1 FROM firebreak_nodes n WHERE n.node_id = p.node_id AND n.heartbeat_at >= @alive))";

    private const string Upsert = """
        INSERT INTO enforcement_points (point_id, owner_key_id, agent_id, host, version, node_id, stream_id, connected, connected_at, last_seen, applied_epoch, acked_at)
        VALUES (@id, @owner, @agent, @host, @version, @node, @stream, TRUE, @now, @now, @applied, @now)
        ON CONFLICT (point_id) DO UPDATE SET owner_key_id = EXCLUDED.owner_key_id, agent_id = EXCLUDED.agent_id, host = EXCLUDED.host,
            version = EXCLUDED.version, node_id = EXCLUDED.node_id, stream_id = EXCLUDED.stream_id, connected = TRUE,
            connected_at = EXCLUDED.connected_at, last_seen = EXCLUDED.last_seen, applied_epoch = EXCLUDED.applied_epoch, acked_at = EXCLUDED.acked_at
        """;

    // One statement for a batch of acknowledgements: every row it updates announces itself, and all of them commit
    // (and flush) once. A transaction that notifies holds PostgreSQL's notify-queue lock through its commit, so one
    // statement per acknowledgement would flush the log once per point, one point after the other.
    private const string AckSql = $"""
        WITH acked AS (
            UPDATE enforcement_points p SET
                acked_at = CASE WHEN s.epoch > p.applied_epoch THEN @now ELSE p.acked_at END,
                applied_epoch = GREATEST(p.applied_epoch, s.epoch),
                last_seen = GREATEST(p.last_seen, @now)
            FROM unnest(@ids, @keys, @epochs) AS s(id, key, epoch)
            WHERE p.point_id = s.id AND p.owner_key_id = s.key
            RETURNING p.point_id, p.owner_key_id, s.epoch),
        notified AS (SELECT point_id, owner_key_id, pg_notify('{AckChannel}', epoch::text || ' ' || point_id) FROM acked)
        SELECT point_id, owner_key_id FROM notified
        """;

    /// <summary>The most acknowledgements one statement records; more wait for the next.</summary>
    private const int MaxAckBatch = 1000;

    /// <summary>How often a batch that lost a deadlock (with another node's batch or a heartbeat) is tried again.</summary>
    private const int AckAttempts = 3;

    /// <summary>The points whose streams this node serves, for the heartbeat's refresh of their <c>last_seen</c>.</summary>
    private readonly ConcurrentDictionary<string, EnforcementPoint> _local = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<ConfirmationWait, byte> _waits = new();

    // Writes nobody waits for (gateway registrations and acknowledgements, disconnections), applied in order.
    private readonly Channel<Func<CancellationToken, Task>> _writes =
        Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });

    // Acknowledgements sent to this node, recorded in batches by one loop (see AckSql).
    private readonly Channel<PendingAck> _acks =
        Channel.CreateUnbounded<PendingAck>(new UnboundedChannelOptions { SingleReader = true });

    private DateTimeOffset _swept = DateTimeOffset.MinValue;

    /// <summary>Whether the points live in this table: on PostgreSQL, where several nodes may serve streams.</summary>
    public bool IsShared => database is PostgresDatabase;

    public string NodeId => node.Id;

    private NpgsqlDataSource DataSource => ((PostgresDatabase)database).DataSource;

    private ControlOptions Options => options.Value;

    /// <summary>
    /// Registers <paramref name="point"/> for the whole cluster, unless another key owns the id and its row has not expired,
    /// or the table holds <paramref name="maxPoints"/> rows and every one of them is connected; a refusal changes nothing.
    /// </summary>
    public async Task<PointRegistration> ClaimAsync(EnforcementPoint point, long appliedEpoch, int maxPoints, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@lock)", cancellationToken, ("lock", RegistrationLock));
        await BeatNodeAsync(connection, transaction, now, cancellationToken);

        bool exists;
        await using (var select = Command(connection, transaction, $"SELECT p.owner_key_id, NOT {Live} AND p.last_seen < @retained FROM enforcement_points p WHERE p.point_id = @id", now))
        {
            select.Parameters.AddWithValue("id", point.Id);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            exists = await reader.ReadAsync(cancellationToken);
            if (exists && !reader.GetBoolean(1) && !string.Equals(reader.GetString(0), point.OwnerKeyId, StringComparison.Ordinal))
            {
                return PointRegistration.OwnedByAnotherKey;
            }
        }

        if (!exists && !await MakeRoomAsync(connection, transaction, now, maxPoints, cancellationToken))
        {
            return PointRegistration.TableFull;
        }

        await UpsertAsync(connection, transaction, point, appliedEpoch, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _local[point.Id] = point;
        return PointRegistration.Connected;
    }

    /// <summary>Registers this node's MCP gateway point in the background: the server owns it, so nothing can refuse it.</summary>
    public void ClaimGateway(EnforcementPoint point)
    {
        _local[point.Id] = point;
        Enqueue(async cancellationToken =>
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await UpsertAsync(connection, null, point, point.AppliedEpoch, time.GetUtcNow(), cancellationToken);
        });
    }

    /// <summary>
    /// Records <paramref name="keyId"/>'s acknowledgement of <paramref name="epoch"/> for <paramref name="pointId"/>, whichever
    /// node serves the point's stream, and announces it to the changes waiting on every node.
    /// </summary>
    public async Task<AckOutcome> AcknowledgeAsync(string pointId, string keyId, long epoch, CancellationToken cancellationToken)
    {
        var pending = new PendingAck(pointId, keyId, epoch);
        if (!_acks.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The node is stopping; acknowledgements are no longer recorded.");
        }

        if (await pending.Recorded.WaitAsync(cancellationToken))
        {
            // The changes waiting here need not wait for the announcement to come back through the listener.
            Acknowledged(pointId, epoch);
            if (_local.TryGetValue(pointId, out var point))
            {
                point.Seen(time.GetUtcNow());
                point.Acknowledge(epoch, time.GetTimestamp());
            }

            return AckOutcome.Acknowledged;
        }

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var exists = Command(connection, null, "SELECT 1 FROM enforcement_points WHERE point_id = @id", time.GetUtcNow());
        exists.Parameters.AddWithValue("id", pointId);
        return await exists.ExecuteScalarAsync(cancellationToken) is null ? AckOutcome.NotFound : AckOutcome.Forbidden;
    }

    /// <summary>Records an acknowledgement this node's own gateway made, in the background; changes waiting here count it at once.</summary>
    public void Acknowledge(EnforcementPoint point, long epoch)
    {
        Acknowledged(point.Id, epoch);
        Enqueue(async cancellationToken =>
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await RecordAcksAsync(connection, [new PendingAck(point.Id, point.OwnerKeyId, epoch)], cancellationToken);
        });
    }

    /// <summary>Marks <paramref name="point"/>'s stream closed, unless a later stream has taken the point over since.</summary>
    public void Disconnected(EnforcementPoint point)
    {
        _local.TryRemove(new KeyValuePair<string, EnforcementPoint>(point.Id, point));
        var now = time.GetUtcNow();
        Enqueue(async cancellationToken =>
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await ExecuteAsync(
                connection,
                null,
                "UPDATE enforcement_points SET connected = FALSE, last_seen = @now WHERE point_id = @id AND stream_id = @stream",
                cancellationToken,
                ("now", now.ToUnixTimeMilliseconds()),
                ("id", point.Id),
                ("stream", point.StreamId));
        });
    }

    /// <summary>Hands an acknowledgement, announced by any node, to the changes waiting on this one.</summary>
    public void Acknowledged(string pointId, long epoch)
    {
        var timestamp = time.GetTimestamp();
        foreach (var wait in _waits.Keys)
        {
            wait.Acknowledged(pointId, epoch, timestamp);
        }
    }

    /// <summary>Parses an announcement on <see cref="AckChannel"/> and hands it on; ignores a malformed one.</summary>
    public void Acknowledged(string payload)
    {
        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && long.TryParse(payload.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            Acknowledged(payload[(space + 1)..], epoch);
        }
    }

    /// <summary>Every point of every node that has not expired, ordered by id, with the node serving each.</summary>
    public async Task<IReadOnlyList<EnforcementPointInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ttl = Options.LeaseTtl;
        return [.. (await ReadAsync(null, null, cancellationToken))
            .Where(r => !IsExpired(r, now))
            .Select(r => new EnforcementPointInfo(
                r.PointId, r.AgentId, r.Host, r.Version, r.Live, r.ConnectedAt, r.LastSeen, r.AppliedEpoch,
                r.Live ? Lease.Evaluate(r.LastSeen, ttl, now) : LeaseState.Stale, r.NodeId))];
    }

    /// <summary>
    /// Waits until every point of the cluster that <paramref name="agents"/> reach (all when <see langword="null"/>) holds
    /// <paramref name="epoch"/>, or <paramref name="timeout"/> passes, and reports each point, as
    /// <see cref="EnforcementPoints.WaitForConfirmationsAsync"/> does for one node's.
    /// </summary>
    public async Task<IReadOnlyList<PointConfirmation>> WaitAsync(
        long epoch,
        IReadOnlySet<string>? agents,
        long pushedAt,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var wait = new ConfirmationWait(epoch);
        _waits[wait] = 0;
        try
        {
            var now = time.GetUtcNow();

            // A point whose node died still counts as connected here until it expires: it is moving to another node.
            var rows = (await ReadAsync(agents, null, cancellationToken))
                .Where(r => !IsExpired(r, now) && (r.Connected || r.AppliedEpoch >= epoch))
                .ToList();
            var pending = wait.Expect(rows.Where(r => r.AppliedEpoch < epoch).Select(r => r.PointId));
            if (timeout > TimeSpan.Zero && !pending.IsCompleted)
            {
                try
                {
                    await pending.WaitAsync(timeout, time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // The table below says which points did not confirm in time; that is the answer, not an error.
                }
            }

            var unheard = rows.Where(r => r.AppliedEpoch < epoch && wait.AcknowledgedAt(r.PointId) is null).Select(r => r.PointId).ToArray();
            var reread = unheard.Length == 0
                ? []
                : (await ReadAsync(null, unheard, CancellationToken.None)).ToDictionary(r => r.PointId, StringComparer.Ordinal);
            var pushedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)time.GetElapsedTime(pushedAt).TotalMilliseconds;
            return [.. rows.Select(r =>
            {
                if (r.AppliedEpoch >= epoch)
                {
                    return Confirmation(r, r.AppliedEpoch, Math.Max(0, r.AckedAtMs - pushedAtMs));
                }

                if (wait.AcknowledgedAt(r.PointId) is { } at)
                {
                    return Confirmation(r, epoch, Math.Max(0, time.GetElapsedTime(pushedAt, at).TotalMilliseconds));
                }

                return reread.TryGetValue(r.PointId, out var late) && late.AppliedEpoch >= epoch
                    ? Confirmation(r, late.AppliedEpoch, Math.Max(0, late.AckedAtMs - pushedAtMs))
                    : Confirmation(r, r.AppliedEpoch, null);
            })];
        }
        finally
        {
            _waits.TryRemove(wait, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsShared)
        {
            return;
        }

        try
        {
            await Task.WhenAll(BeatLoopAsync(stoppingToken), WriteLoopAsync(stoppingToken), AckLoopAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the node leaves the table below.
        }
        finally
        {
            _acks.Writer.TryComplete();
            while (_acks.Reader.TryRead(out var pending))
            {
                pending.Cancel();
            }

            await LeaveAsync();
        }
    }

    private static PointConfirmation Confirmation(PointRow row, long appliedEpoch, double? latencyMs) =>
        new(row.PointId, row.AgentId, row.Host, row.Version, latencyMs is not null, appliedEpoch, latencyMs);

    private async Task BeatLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Options.HeartbeatInterval, time);
        do
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                LogBeatFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var write in _writes.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await write(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                LogWriteFailed(logger, ex);
            }
        }
    }

    /// <summary>Beats for this node and refreshes the <c>last_seen</c> of its connected points; sweeps expired rows once per retention.</summary>
    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var points = _local.Values.Where(p => p.Connected).ToArray();
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await BeatNodeAsync(connection, null, now, cancellationToken);
        if (points.Length > 0)
        {
            await using var refresh = Command(
                connection,
                null,
                """
                UPDATE enforcement_points AS p SET last_seen = s.seen
                FROM unnest(@ids, @streams, @seen) AS s(id, stream, seen)
                WHERE p.point_id = s.id AND p.stream_id = s.stream AND p.last_seen < s.seen
                """,
                now);
            refresh.Parameters.AddWithValue("ids", points.Select(p => p.Id).ToArray());
            refresh.Parameters.AddWithValue("streams", points.Select(p => p.StreamId).ToArray());
            refresh.Parameters.AddWithValue("seen", points.Select(p => p.LastSeen.ToUnixTimeMilliseconds()).ToArray());
            await refresh.ExecuteNonQueryAsync(cancellationToken);
        }

        if (now - _swept >= Options.PointRetention)
        {
            _swept = now;
            await using var sweep = Command(
                connection,
                null,
                $"""
                DELETE FROM enforcement_points p WHERE NOT {Live} AND p.last_seen < @retained;
                DELETE FROM firebreak_nodes n WHERE n.heartbeat_at < @retained AND NOT EXISTS (SELECT 1 FROM enforcement_points p WHERE p.node_id = n.node_id)
                """,
                now);
            await sweep.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>On a clean stop: this node's points are disconnected now, not a lease from now.</summary>
    private async Task LeaveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(timeout.Token);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            await ExecuteAsync(
                connection,
                null,
                "UPDATE enforcement_points SET connected = FALSE, last_seen = @now WHERE node_id = @node AND connected; DELETE FROM firebreak_nodes WHERE node_id = @node",
                timeout.Token,
                ("now", now),
                ("node", node.Id));
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The points still expire: the node's heartbeat stops with it.
            LogLeaveFailed(logger, ex);
        }
    }

    private async Task<bool> MakeRoomAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, int maxPoints, CancellationToken cancellationToken)
    {
        if (await CountAsync(connection, transaction, cancellationToken) < maxPoints)
        {
            return true;
        }

        await using (var sweep = Command(connection, transaction, $"DELETE FROM enforcement_points p WHERE NOT {Live} AND p.last_seen < @retained", now))
        {
            await sweep.ExecuteNonQueryAsync(cancellationToken);
        }

        if (await CountAsync(connection, transaction, cancellationToken) < maxPoints)
        {
            return true;
        }

        await using var evict = Command(
            connection,
            transaction,
            $"DELETE FROM enforcement_points WHERE point_id = (SELECT p.point_id FROM enforcement_points p WHERE NOT {Live} ORDER BY p.last_seen LIMIT 1)",
            now);
        return await evict.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM enforcement_points", connection, transaction);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, EnforcementPoint point, long appliedEpoch, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            connection,
            transaction,
            Upsert,
            cancellationToken,
            ("id", point.Id),
            ("owner", point.OwnerKeyId),
            ("agent", point.AgentId),
            ("host", point.Host),
            ("version", point.Version),
            ("node", node.Id),
            ("stream", point.StreamId),
            ("now", now.ToUnixTimeMilliseconds()),
            ("applied", appliedEpoch));

    /// <summary>
    /// Records the acknowledgements that arrive, as many as have queued up (up to <see cref="MaxAckBatch"/>) in one
    /// statement: under load a batch fills while the previous one commits; alone, an acknowledgement goes at once.
    /// </summary>
    private async Task AckLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingAck>(MaxAckBatch);
        while (await _acks.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxAckBatch && _acks.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await using var connection = await DataSource.OpenConnectionAsync(stoppingToken);
                var recorded = await RecordAcksAsync(connection, batch, stoppingToken);
                foreach (var pending in batch)
                {
                    pending.Complete(recorded.Contains((pending.PointId, pending.KeyId)));
                }
            }
            catch (Exception ex)
            {
                // Whatever failed, the senders hear of it, and unless the node is stopping the loop goes on: a loop that
                // died would leave every later acknowledgement waiting for nothing.
                foreach (var pending in batch)
                {
                    pending.Fail(ex);
                }

                if (stoppingToken.IsCancellationRequested)
                {
                    throw;
                }

                LogAcksFailed(logger, ex, batch.Count);
            }
        }
    }

    /// <summary>Records <paramref name="acks"/> and announces them; returns the (point, key) pairs whose key owns the point.</summary>
    private async Task<HashSet<(string PointId, string KeyId)>> RecordAcksAsync(NpgsqlConnection connection, IReadOnlyList<PendingAck> acks, CancellationToken cancellationToken)
    {
        // A point may acknowledge twice in one batch; the latest epoch is the one that counts, and one UPDATE may change a row only once.
        var latest = acks.GroupBy(a => (a.PointId, a.KeyId))
            .Select(g => (g.Key.PointId, g.Key.KeyId, Epoch: g.Max(a => a.Epoch)))
            .OrderBy(a => a.PointId, StringComparer.Ordinal)
            .ToArray();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = new NpgsqlCommand(AckSql, connection);
                command.Parameters.AddWithValue("now", time.GetUtcNow().ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("ids", latest.Select(a => a.PointId).ToArray());
                command.Parameters.AddWithValue("keys", latest.Select(a => a.KeyId).ToArray());
                command.Parameters.AddWithValue("epochs", latest.Select(a => a.Epoch).ToArray());
                var recorded = new HashSet<(string, string)>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    recorded.Add((reader.GetString(0), reader.GetString(1)));
                }

                return recorded;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < AckAttempts)
            {
                // Another multi-row update of the same points (a heartbeat, another node's batch) locked them in another order.
            }
        }
    }

    private Task BeatNodeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO firebreak_nodes (node_id, started_at, heartbeat_at) VALUES (@node, @now, @now) ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at",
            cancellationToken,
            ("node", node.Id),
            ("now", now.ToUnixTimeMilliseconds()));

    /// <summary>The rows of the points <paramref name="agents"/> reach, or of <paramref name="pointIds"/>, or all, with their node's heartbeat.</summary>
    private async Task<List<PointRow>> ReadAsync(IReadOnlySet<string>? agents, string[]? pointIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var alive = now - Options.LeaseTtl;
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = $"SELECT {Columns} FROM enforcement_points p LEFT JOIN firebreak_nodes n ON n.node_id = p.node_id";
        if (pointIds is not null)
        {
            sql += " WHERE p.point_id = ANY(@ids)";
            command.Parameters.AddWithValue("ids", pointIds);
        }
        else if (agents is not null)
        {
            sql += " WHERE p.agent_id IS NULL OR p.agent_id = ANY(@agents)";
            command.Parameters.AddWithValue("agents", agents.ToArray());
        }

        command.CommandText = sql;
        var rows = new List<PointRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new PointRow(
                reader.GetString(0),
                reader.GetNullableString(1),
                reader.GetNullableString(2),
                reader.GetNullableString(3),
                reader.GetString(4),
                reader.GetBoolean(6),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                reader.GetInt64(9),
                reader.GetInt64(10),
                reader.GetNullableInt64(11) is { } beat && beat >= alive.ToUnixTimeMilliseconds());

            // This node's own points: the stream's last event is fresher than the last heartbeat's copy of it.
            if (_local.TryGetValue(row.PointId, out var local) && string.Equals(local.StreamId, reader.GetString(5), StringComparison.Ordinal) && local.LastSeen > row.LastSeen)
            {
                row = row with { LastSeen = local.LastSeen };
            }

            rows.Add(row);
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.PointId, b.PointId));
        return rows;
    }

    private bool IsExpired(PointRow row, DateTimeOffset now) => !row.Live && now - row.LastSeen >= Options.PointRetention;

    private void Enqueue(Func<CancellationToken, Task> write) => _writes.Writer.TryWrite(write);

    /// <summary>A command with the cut-offs of <paramref name="now"/>: <c>@alive</c> (a node beating since) and <c>@retained</c> (a point heard from since).</summary>
    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, DateTimeOffset now)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        if (sql.Contains("@alive", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("alive", (now - Options.LeaseTtl).ToUnixTimeMilliseconds());
        }

        if (sql.Contains("@retained", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("retained", (now - Options.PointRetention).ToUnixTimeMilliseconds());
        }

        return command;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One row of the shared table; <see cref="Live"/> when connected and its node beats.</summary>
    private sealed record PointRow(
        string PointId,
        string? AgentId,
        string? Host,
        string? Version,
        string NodeId,
        bool Connected,
        DateTimeOffset ConnectedAt,
        DateTimeOffset LastSeen,
        long AppliedEpoch,
        long AckedAtMs,
        bool NodeAlive)
    {
        public bool Live => Connected && NodeAlive;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The heartbeat of this node's enforcement points failed; retrying")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing an enforcement point's state to the shared table failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording a batch of {Count} enforcement point acknowledgements failed")]
    private static partial void LogAcksFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marking this node's enforcement points disconnected on shutdown failed")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception);
}
