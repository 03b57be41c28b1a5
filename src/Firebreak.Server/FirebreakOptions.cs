using System.ComponentModel.DataAnnotations;

namespace Firebreak.Server;

/// <summary>Server settings, bound from the <c>Firebreak</c> configuration section and validated at start.</summary>
public sealed class FirebreakOptions
{
    public const string Section = "Firebreak";

    /// <summary>A registry file (JSON) whose agents are loaded at start; the file wins over API edits of the same agents. Default: none.</summary>
    public string? RegistryFile { get; set; }

    /// <summary>An operator key to accept from configuration. When absent and no operator key exists, one is generated and printed once.</summary>
    public string? BootstrapOperatorKey { get; set; }

    /// <summary>Ledger entries older than this many days are pruned (default 30).</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>How often the retention service runs (default one hour).</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest accepted request body in bytes (default 1 MiB).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
