using System.Data.Common;
using System.Text.Json;
using Firebreak.Control;
using Firebreak.Releases;
using Firebreak.Serialization;
using Firebreak.Server.Control;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Releases;

/// <summary>
/// Releases, each agent's routing and its activation history. A routing change writes the control change that carries
/// it to the enforcement points, the agent's new state and its history entry in one transaction.
/// </summary>
internal sealed class ReleaseStore(Database database, StoreWriter writer, IncidentTimeline timeline)
{
    private const string ReleaseColumns = "id, agent_id, content, author, notes, parent, created_at FROM releases";

    private const string ActivationColumns =
        "id, agent_id, kind, from_release_id, to_release_id, actor, reason, at, epoch, incident_id, candidate_percent, gate_override FROM release_activations";

    private const string StateSql =
        "SELECT agent_id, active_release_id, last_known_good_release_id, candidate_release_id, candidate_percent FROM agent_releases WHERE agent_id = @agent";

    /// <summary>Stores a release; the same content again is the same release and comes back as existing, with its first author and notes.</summary>
    public Task<WriteResult<Release>> CreateAsync(CreateReleaseRequest request, string author, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context =>
            {
                var content = request.ToContent().ToJson();
                var id = CanonicalJson.Digest(content);
                if (FindRelease(context, id) is { } existing)
                {
                    return WriteResult<Release>.Existing(existing);
                }

                if (request.Parent is { } parent)
                {
                    var parentRelease = FindRelease(context, parent);
                    if (parentRelease is null)
                    {
                        return WriteResult<Release>.NotFound($"Parent release '{parent}' does not exist.");
                    }

                    if (!string.Equals(parentRelease.AgentId, request.AgentId, StringComparison.Ordinal))
                    {
                        return WriteResult<Release>.Conflict($"Parent release '{parent}' belongs to agent '{parentRelease.AgentId}'.");
                    }
                }

                context.Execute(
                    "INSERT INTO releases (id, agent_id, content, author, notes, parent, created_at) VALUES (@id, @agent, @content, @author, @notes, @parent, @at)",
                    ("id", id),
                    ("agent", request.AgentId),
                    ("content", CanonicalJson.Serialize(content)),
                    ("author", author),
                    ("notes", request.Notes),
                    ("parent", request.Parent),
                    ("at", context.NowMs));
                return WriteResult<Release>.Created(ToRelease(id, request.ToContent(), author, request.Notes, request.Parent, context.Now));
            },
            cancellationToken);

    /// <summary>Finds a release by id or unique prefix, of <paramref name="agentId"/> when given.</summary>
    /// <returns>The release, or <see langword="null"/> with why: none matches, or the prefix is ambiguous.</returns>
    public async Task<(Release? Release, string? Problem)> ResolveAsync(string? agentId, string idOrPrefix, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Ids are lower-case hex, so every id with the prefix sorts from the prefix up to the prefix followed by 'g'.
        var filter = new SqlFilter(command).Where("id >= @from", "from", idOrPrefix).Where("id < @to", "to", idOrPrefix + "g").Where("agent_id = @agent", "agent", agentId);
        command.CommandText = $"SELECT {ReleaseColumns}{filter} ORDER BY id LIMIT 2";
        var found = await command.ReadAllAsync(ReadRelease, cancellationToken);

        var owner = agentId is null ? string.Empty : $" of agent '{agentId}'";
        return found.Count switch
        {
            1 => (found[0], null),
            0 => (null, $"There is no release '{idOrPrefix}'{owner}."),
            _ => (null, $"Release prefix '{idOrPrefix}' matches more than one release{owner}; give more characters."),
        };
    }

    public async Task<IReadOnlyList<Release>> ListAsync(string agentId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {ReleaseColumns} WHERE agent_id = @agent ORDER BY created_at DESC, id LIMIT @limit");
        command.AddParameter("agent", agentId);
        command.AddParameter("limit", limit);
        var releases = await command.ReadAllAsync(ReadRelease, cancellationToken);

        return releases;
    }

    /// <summary>The agent's releases now; an agent never activated has none.</summary>
    public async Task<AgentReleaseState> GetStateAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(StateSql);
        command.AddParameter("agent", agentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadState(reader) : new AgentReleaseState(agentId, null, null);
    }

    public async Task<IReadOnlyList<ReleaseActivation>> ListActivationsAsync(string agentId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {ActivationColumns} WHERE agent_id = @agent ORDER BY id DESC LIMIT @limit");
        command.AddParameter("agent", agentId);
        command.AddParameter("limit", limit);
        var activations = await command.ReadAllAsync(ReadActivation, cancellationToken);

        return activations;
    }

    /// <summary>
    /// Plans a routing change from the stored state with <paramref name="plan"/> (which refuses with a conflict by
    /// returning a detail), then stores it with its control change and the timeline entry <paramref name="entry"/>
    /// makes of the activation, all in one transaction.
    /// </summary>
    public Task<WriteResult<(ReleaseActivation Activation, ControlSnapshot Snapshot)>> ChangeRoutingAsync(
        string agentId,
        Func<AgentReleaseState, ControlSnapshot, (RoutingChange? Change, string? Refusal)> plan,
        ControlSnapshot cached,
        Func<ReleaseActivation, TimelineAct?>? entry,
        CancellationToken cancellationToken) =>
        writer.WriteAsync(
            timeline.WithCreated(context => ChangeRouting(context, agentId, plan, cached), entry is null ? null : written => entry(written.Activation)),
            cancellationToken);

    private static WriteResult<(ReleaseActivation Activation, ControlSnapshot Snapshot)> ChangeRouting(
        WriteContext context,
        string agentId,
        Func<AgentReleaseState, ControlSnapshot, (RoutingChange? Change, string? Refusal)> plan,
        ControlSnapshot cached)
    {
        AgentReleaseState state;
        using (var reader = context.Query(StateSql, ("agent", agentId)))
        {
            state = reader.Read() ? ReadState(reader) : new AgentReleaseState(agentId, null, null);
        }

        var (change, refusal) = plan(state, cached);
        if (change is null)
        {
            return WriteResult<(ReleaseActivation, ControlSnapshot)>.Conflict(refusal!);
        }

        var next = change.Next;
        var control = new ControlChange(
            change.Actor,
            change.Reason,
            context.Now,
            [],
            IncidentId: change.IncidentId,
            Release: ReleaseTransitions.RoutingOf(next));
        var (snapshot, recorded) = ControlStore.Apply(context, control, cached);
        context.Execute(
            "INSERT INTO agent_releases (agent_id, active_release_id, last_known_good_release_id, candidate_release_id, candidate_percent) " +
            "VALUES (@agent, @active, @good, @candidate, @percent) " +
            "ON CONFLICT (agent_id) DO UPDATE SET active_release_id = @active, last_known_good_release_id = @good, candidate_release_id = @candidate, candidate_percent = @percent",
            ("agent", agentId),
            ("active", next.ActiveReleaseId),
            ("good", next.LastKnownGoodReleaseId),
            ("candidate", next.CandidateReleaseId),
            ("percent", next.CandidatePercent));
        int? percent = change.Kind is ActivationKind.RestoreStep ? next.CandidatePercent : null;
        var id = Convert.ToInt64(
            context.Scalar(
                "INSERT INTO release_activations (agent_id, kind, from_release_id, to_release_id, actor, reason, at, epoch, incident_id, candidate_percent, gate_override) " +
                "VALUES (@agent, @kind, @from, @to, @actor, @reason, @at, @epoch, @incident, @percent, @override) RETURNING id",
                ("agent", agentId),
                ("kind", StoredEnum.Name(change.Kind)),
                ("from", state.ActiveReleaseId),
                ("to", change.ToReleaseId),
                ("actor", change.Actor),
                ("reason", change.Reason),
                ("at", context.NowMs),
                ("epoch", recorded.Epoch),
                ("incident", change.IncidentId),
                ("percent", percent),
                ("override", change.GateOverride)),
            System.Globalization.CultureInfo.InvariantCulture);
        var activation = new ReleaseActivation(
            id, agentId, change.Kind, state.ActiveReleaseId, change.ToReleaseId, change.Actor, change.Reason, context.Now, recorded.Epoch, change.IncidentId, percent, change.GateOverride);
        return WriteResult<(ReleaseActivation, ControlSnapshot)>.Created((activation, snapshot));
    }

    private static Release? FindRelease(WriteContext context, string id)
    {
        using var reader = context.Query($"SELECT {ReleaseColumns} WHERE id = @id", ("id", id));
        return reader.Read() ? ReadRelease(reader) : null;
    }

    private static Release ReadRelease(DbDataReader reader)
    {
        var content = JsonSerializer.Deserialize<ReleaseContent>(reader.GetString(2), FirebreakJson.Options)
            ?? throw new InvalidDataException("A stored release is empty.");
        return ToRelease(reader.GetString(0), content, reader.GetString(3), reader.GetNullableString(4), reader.GetNullableString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
    }

    private static Release ToRelease(string id, ReleaseContent content, string author, string? notes, string? parent, DateTimeOffset at) =>
        new(id, content.AgentId, content.Model, content.Prompts, content.Tools, content.Policy, content.Config, author, notes, parent, at);

    private static AgentReleaseState ReadState(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetNullableString(1),
        reader.GetNullableString(2),
        reader.GetNullableString(3),
        reader.GetInt32(4));

    private static ReleaseActivation ReadActivation(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        StoredEnum.Parse<ActivationKind>(reader.GetString(2)),
        reader.GetNullableString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        reader.GetInt64(8),
        reader.GetNullableString(9),
        reader.IsDBNull(10) ? null : reader.GetInt32(10),
        reader.GetNullableString(11));
}
