using System.Collections.Concurrent;
using System.Text.Json;
using Firebreak.Control;
using Firebreak.Registry;
using Firebreak.Serialization;
using Firebreak.Server.Control;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Registry;

/// <summary>
/// Agents and their tool catalogs. Reads are served from memory and refreshed from the store on a miss. Each cached
/// definition carries the generation it was read in; <see cref="Invalidate"/> moves the generation on, so a read that
/// began before an edit was known can never leave its stale definition in the cache.
/// </summary>
internal sealed class RegistryStore(Database database, StoreWriter writer)
{
    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);
    private long _generation;

    public async Task<IReadOnlyList<AgentDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _generation);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT definition FROM agents ORDER BY id");
        var agents = new List<AgentDefinition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var agent = Deserialize(reader.GetString(0));
            _cache[agent.Id] = new Cached(agent, generation);
            agents.Add(agent);
        }

        return agents;
    }

    public async Task<AgentDefinition?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _generation);
        if (_cache.TryGetValue(id, out var cached) && cached.Generation == generation)
        {
            return cached.Agent;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT definition FROM agents WHERE id = @id");
        command.AddParameter("id", id);
        if (await command.ExecuteScalarAsync(cancellationToken) is not string json)
        {
            return null;
        }

        var agent = Deserialize(json);
        _cache[agent.Id] = new Cached(agent, generation);
        return agent;
    }

    /// <summary>
    /// Forgets every cached definition: another node committed a control epoch, and registry edits commit with theirs.
    /// Call it before publishing that epoch, so its stream events carry the definitions in force at it.
    /// </summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>
    /// Stores <paramref name="agent"/> (validated by the caller) from the registry file at start; <see cref="WriteStatus.Existing"/>
    /// when nothing changed. A first registration takes no epoch: no enforcement point of the agent can be connected yet.
    /// A changed definition is a control change (next epoch, ledger entry, same transaction), since other nodes sharing
    /// the database may serve the agent's points from their cache; they drop it when they load the epoch, and the caller
    /// publishes it here by reloading the control state.
    /// </summary>
    public async Task<WriteResult<AgentDefinition>> UpsertAsync(AgentDefinition agent, string source, string actor, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(agent, FirebreakJson.Options);
        var result = await writer.WriteAsync(
            context =>
            {
                var stored = StoredJson(context, agent.Id);
                if (string.Equals(stored, json, StringComparison.Ordinal))
                {
                    return WriteResult<AgentDefinition>.Existing(agent);
                }

                if (stored is not null)
                {
                    var edit = new RegistryEdit(agent.Id, CanonicalJson.Sha256Hex(json), CanonicalJson.Sha256Hex(stored));
                    ControlStore.Apply(context, new ControlChange(actor, $"changed the definition of agent {agent.Id}", context.Now, [], Registry: edit), ControlSnapshot.Empty);
                }

                Write(context, agent.Id, json, source, actor);
                return WriteResult<AgentDefinition>.Created(agent);
            },
            cancellationToken);
        Remember(agent);
        return result;
    }

    /// <summary>
    /// Stores <paramref name="agent"/> (validated by the caller) and records the edit as a control change with the next
    /// epoch and its ledger entry, in one transaction; refused with <see cref="WriteStatus.Conflict"/> while the stored
    /// control state has the agent frozen (even an unchanged definition), and <see cref="WriteStatus.Existing"/> (no epoch) when nothing changed.
    /// The cache holds the new definition before this returns, so publishing the snapshot afterwards sends it.
    /// </summary>
    /// <param name="agent">The new definition.</param>
    /// <param name="source">Where it comes from (<c>api</c>).</param>
    /// <param name="actor">Who edits it; the control change's actor.</param>
    /// <param name="cached">The snapshot this node holds, to save parsing the stored one.</param>
    /// <param name="cancellationToken">Cancels the queued write.</param>
    public async Task<WriteResult<(ControlSnapshot Snapshot, RecordedControlChange Recorded)>> EditAsync(
        AgentDefinition agent,
        string source,
        string actor,
        ControlSnapshot cached,
        CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(agent, FirebreakJson.Options);
        var result = await writer.WriteAsync(
            context =>
            {
                if (ControlStore.Stored(context, cached).IsFrozen(agent.Id))
                {
                    return WriteResult<(ControlSnapshot, RecordedControlChange)>.Conflict(
                        $"Agent '{agent.Id}' is frozen: its configuration cannot change until an operator thaws it.");
                }

                var stored = StoredJson(context, agent.Id);
                if (string.Equals(stored, json, StringComparison.Ordinal))
                {
                    return WriteResult<(ControlSnapshot, RecordedControlChange)>.Existing(default);
                }

                var edit = new RegistryEdit(agent.Id, CanonicalJson.Sha256Hex(json), stored is null ? null : CanonicalJson.Sha256Hex(stored));
                var reason = stored is null ? $"registered agent {agent.Id}" : $"changed the definition of agent {agent.Id}";
                var recorded = ControlStore.Apply(context, new ControlChange(actor, reason, context.Now, [], Registry: edit), cached);
                Write(context, agent.Id, json, source, actor);
                return WriteResult<(ControlSnapshot, RecordedControlChange)>.Created(recorded);
            },
            cancellationToken);
        if (result.Status == WriteStatus.Created)
        {
            Remember(agent);
        }

        return result;
    }

    /// <summary>Caches <paramref name="agent"/> as just committed, in a new generation so no read that began earlier overwrites it with what it saw.</summary>
    private void Remember(AgentDefinition agent) => _cache[agent.Id] = new Cached(agent, Interlocked.Increment(ref _generation));

    private static string? StoredJson(WriteContext context, string id) =>
        context.Scalar("SELECT definition FROM agents WHERE id = @id", ("id", id)) as string;

    private static void Write(WriteContext context, string id, string json, string source, string actor) =>
        context.Execute(
            "INSERT INTO agents (id, definition, source, updated_at, updated_by) VALUES (@id, @definition, @source, @at, @by) ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, source = excluded.source, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            ("id", id), ("definition", json), ("source", source), ("at", context.NowMs), ("by", actor));

    private static AgentDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize<AgentDefinition>(json, FirebreakJson.Options)
        ?? throw new InvalidDataException("A stored agent definition is empty.");

    private sealed record Cached(AgentDefinition Agent, long Generation);
}
