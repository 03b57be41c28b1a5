using System.Collections.Concurrent;
using System.Text.Json;
using Firebreak.Registry;
using Firebreak.Serialization;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Registry;

/// <summary>Agents and their tool catalogs. Reads are served from memory and refreshed from the store on a miss.</summary>
internal sealed class RegistryStore(Database database, StoreWriter writer)
{
    private readonly ConcurrentDictionary<string, AgentDefinition> _cache = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<AgentDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT definition FROM agents ORDER BY id");
        var agents = new List<AgentDefinition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var agent = Deserialize(reader.GetString(0));
            _cache[agent.Id] = agent;
            agents.Add(agent);
        }

        return agents;
    }

    public async Task<AgentDefinition?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(id, out var cached))
        {
            return cached;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT definition FROM agents WHERE id = @id");
        command.AddParameter("id", id);
        if (await command.ExecuteScalarAsync(cancellationToken) is not string json)
        {
            return null;
        }

        var agent = Deserialize(json);
        _cache[agent.Id] = agent;
        return agent;
    }

    /// <summary>Stores <paramref name="agent"/> (validated by the caller); <see cref="WriteStatus.Existing"/> when nothing changed.</summary>
    public async Task<WriteResult<AgentDefinition>> UpsertAsync(AgentDefinition agent, string source, string actor, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(agent, FirebreakJson.Options);
        var result = await writer.WriteAsync(
            context =>
            {
                if (context.Scalar("SELECT definition FROM agents WHERE id = @id", ("id", agent.Id)) is string stored
                    && string.Equals(stored, json, StringComparison.Ordinal))
                {
                    return WriteResult<AgentDefinition>.Existing(agent);
                }

                context.Execute(
                    "INSERT INTO agents (id, definition, source, updated_at, updated_by) VALUES (@id, @definition, @source, @at, @by) ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, source = excluded.source, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                    ("id", agent.Id), ("definition", json), ("source", source), ("at", context.NowMs), ("by", actor));
                return WriteResult<AgentDefinition>.Created(agent);
            },
            cancellationToken);
        _cache[agent.Id] = agent;
        return result;
    }

    private static AgentDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize<AgentDefinition>(json, FirebreakJson.Options)
        ?? throw new InvalidDataException("A stored agent definition is empty.");
}
