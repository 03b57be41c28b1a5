using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Auth;

/// <summary>
/// API keys, stored hashed. Lookups are cached for a few seconds because every request makes one; a revocation
/// on this node takes effect at once, on other nodes within <see cref="CacheFor"/>.
/// </summary>
internal sealed class ApiKeyStore(Database database, StoreWriter writer, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (ApiKeyInfo? Key, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<ApiKeyInfo?> FindActiveAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKey.Hash(key);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            return cached.Key;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT id, name, role, agent_id, created_at, revoked_at, agent_ids FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL");
        command.AddParameter("hash", hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        _cache[hash] = (found, now + CacheFor);
        return found;
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT id, name, role, agent_id, created_at, revoked_at, agent_ids FROM api_keys ORDER BY created_at, id");
        var keys = new List<ApiKeyInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    public Task<CreatedApiKey> CreateAsync(CreateApiKeyRequest request, CancellationToken cancellationToken) =>
        StoreAsync(ApiKey.Generate(), request, cancellationToken);

    /// <summary>Stores <paramref name="key"/> unless it is already stored (used for a configured bootstrap key).</summary>
    public Task<CreatedApiKey> StoreAsync(string key, CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var hash = ApiKey.Hash(key);
        return writer.WriteAsync(
            context =>
            {
                using (var reader = context.Query("SELECT id, name, role, agent_id, created_at, revoked_at, agent_ids FROM api_keys WHERE key_hash = @hash", ("hash", hash)))
                {
                    if (reader.Read())
                    {
                        var existing = Read(reader);
                        return new CreatedApiKey(existing.Id, existing.Name, existing.Role, existing.AgentId, existing.CreatedAt, key, existing.AgentIds);
                    }
                }

                var id = $"key_{Guid.CreateVersion7():N}";
                context.Execute(
                    "INSERT INTO api_keys (id, name, role, agent_id, agent_ids, key_hash, created_at) VALUES (@id, @name, @role, @agent, @agents, @hash, @at)",
                    ("id", id), ("name", request.Name), ("role", Roles.Of(request.Role)), ("agent", request.AgentId), ("agents", WriteAgentIds(request.AgentIds)), ("hash", hash), ("at", context.NowMs));
                return new CreatedApiKey(id, request.Name, request.Role, request.AgentId, context.Now, key, request.AgentIds);
            },
            cancellationToken);
    }

    public async Task<bool> AnyActiveOperatorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT COUNT(*) FROM api_keys WHERE role = @role AND revoked_at IS NULL");
        command.AddParameter("role", Roles.Operator);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Revokes a key; <see langword="false"/> when no active key has that id.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var revoked = await writer.WriteAsync(
            context => context.Execute("UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", ("at", context.NowMs), ("id", id)) > 0,
            cancellationToken);
        if (revoked)
        {
            _cache.Clear();
        }

        return revoked;
    }

    private static ApiKeyInfo Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Roles.Parse(reader.GetString(2)),
        reader.GetNullableString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        reader.GetNullableInt64(5) is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null,
        reader.GetNullableString(6) is { } agents ? JsonSerializer.Deserialize<string[]>(agents) : null);

    private static string? WriteAgentIds(IReadOnlyList<string>? agentIds) =>
        agentIds is null ? null : JsonSerializer.Serialize(agentIds);
}
