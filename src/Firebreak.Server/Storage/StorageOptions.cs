using System.ComponentModel.DataAnnotations;

namespace Firebreak.Server.Storage;

/// <summary>Where Firebreak keeps its state. Bound from the <c>Firebreak:Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Firebreak:Storage";

    /// <summary><c>sqlite</c> (default: one file, one node) or <c>postgres</c> (several nodes share one database).</summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite: the database file path (default <c>firebreak.db</c>); PostgreSQL: an Npgsql connection string.</summary>
    [Required]
    public string ConnectionString { get; set; } = "firebreak.db";

    /// <summary>
    /// SQLite only: <c>full</c> (default) syncs the write-ahead log to disk at every commit, so an acknowledged write
    /// survives a power loss; <c>normal</c> leaves it in the OS cache at commit, which survives the process being
    /// killed but not the machine losing power.
    /// </summary>
    [RegularExpression("^(full|normal)$", ErrorMessage = "SqliteSynchronous must be 'full' or 'normal'.")]
    public string SqliteSynchronous { get; set; } = "full";

    /// <summary>Most write operations committed in one transaction (default 512).</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 512;
}
