using System.Data.Common;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Auth;

/// <summary>
/// API keys, stored hashed. Lookups are cached for a few seconds because every request makes one; a revocation takes
/// effect at once on this node, and on the other nodes sharing a PostgreSQL database as soon as they hear its
/// notification (<see cref="Forget"/>), within <see cref="CacheFor"/> at worst when their listener was reconnecting.
/// </summary>
/// <remarks>
/// The cache holds at most <see cref="AuthOptions.KeyCacheSize"/> entries, so random keys sent by anyone on the network
/// cannot grow it: misses are cached too (a client retrying a revoked key costs one query per <see cref="CacheFor"/>),
/// but at low priority, so compaction drops them before the keys in use.
/// </remarks>
internal sealed class ApiKeyStore : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly Database _database;
    private readonly StoreWriter _writer;
    private readonly MemoryCache _cache;

    // Bumped by every revocation: a lookup that read the database before a revocation must not cache what it read after it.
    private long _generation;

    public ApiKeyStore(Database database, StoreWriter writer, TimeProvider time, IOptions<AuthOptions> options)
    {
        _database = database;
        _writer = writer;
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = options.Value.KeyCacheSize,
            Clock = new TimeProviderClock(time),
            ExpirationScanFrequency = CacheFor,
        });
    }

    /// <summary>How many lookups are cached now (for tests of the bound).</summary>
    public int CachedCount => _cache.Count;

    public async Task<ApiKeyInfo?> FindActiveAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKey.Hash(key);
        if (_cache.TryGetValue(hash, out ApiKeyInfo? cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT id, name, role, agent_id, created_at, revoked_at, agent_ids FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL");
        command.AddParameter("hash", hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        using (var entry = _cache.CreateEntry(hash))
        {
            entry.Value = found;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            entry.Priority = found is null ? CacheItemPriority.Low : CacheItemPriority.Normal;
        }

        if (Interlocked.Read(ref _generation) != generation)
        {
            _cache.Remove(hash);
        }

        return found;
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT id, name, role, agent_id, created_at, revoked_at, agent_ids FROM api_keys ORDER BY created_at, id");
        var keys = await command.ReadAllAsync(Read, cancellationToken);

        return keys;
    }

    public Task<CreatedApiKey> CreateAsync(CreateApiKeyRequest request, CancellationToken cancellationToken) =>
        StoreAsync(ApiKey.Generate(), request, cancellationToken);

    /// <summary>Stores <paramref name="key"/> unless it is already stored (used for a configured bootstrap key).</summary>
    public async Task<CreatedApiKey> StoreAsync(string key, CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var hash = ApiKey.Hash(key);
        var stored = await _writer.WriteAsync(
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

        // A lookup of this key before it existed cached a miss; the key must work at once.
        _cache.Remove(hash);
        return stored;
    }

    public async Task<bool> AnyActiveOperatorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT COUNT(*) FROM api_keys WHERE role = @role AND revoked_at IS NULL");
        command.AddParameter("role", Roles.Operator);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Revokes a key; <see langword="false"/> when no active key has that id.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var revoked = await _writer.WriteAsync(
            context =>
            {
                if (context.Execute("UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", ("at", context.NowMs), ("id", id)) == 0)
                {
                    return false;
                }

                if (_database.NotifyKeyRevokedSql is { } notify)
                {
                    context.Execute(notify, ("id", id));
                }

                return true;
            },
            cancellationToken);
        if (revoked)
        {
            Forget();
        }

        return revoked;
    }

    /// <summary>Drops every cached lookup: a key was revoked, here or on another node.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _cache.Clear();
    }

    public void Dispose() => _cache.Dispose();

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
