using System.Data.Common;

namespace Firebreak.Server.Storage;

/// <summary>Applies the backend's versioned migration files (embedded <c>Storage/Migrations/&lt;provider&gt;/NNNN_name.sql</c>) in order, each once.</summary>
internal sealed partial class Migrator(Database database, TimeProvider time, ILogger<Migrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenWriterAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, database.MigrationLockSql, cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
            cancellationToken);

        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT version FROM schema_migrations";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        foreach (var (version, sql) in Migrations(database.Provider))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)";
            insert.AddParameter("version", version);
            insert.AddParameter("at", time.GetUtcNow().ToUnixTimeMilliseconds());
            await insert.ExecuteNonQueryAsync(cancellationToken);
            LogApplied(logger, database.Provider, version);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    internal static IEnumerable<(string Version, string Sql)> Migrations(string provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"migrations/{provider}/";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Migration resource {name} is missing.");
            using var reader = new StreamReader(stream);
            yield return (Path.GetFileNameWithoutExtension(name), reader.ReadToEnd());
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Provider} migration {Version}")]
    private static partial void LogApplied(ILogger logger, string provider, string version);
}
