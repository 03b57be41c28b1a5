using System.ComponentModel.DataAnnotations;
using Firebreak.Server.Hosting;

namespace Firebreak.Server.Compensation;

/// <summary>Compensation runner settings, bound from the <c>Firebreak:Compensation</c> configuration section and validated at start.</summary>
public sealed class CompensationOptions
{
    public const string Section = "Firebreak:Compensation";

    /// <summary>
    /// Base addresses compensator URLs name as <c>{endpoint.name}</c> (<c>Firebreak:Compensation:Endpoints:supportdesk</c>),
    /// so a registry file stays the same across environments. Outbound calls may reach each base's host and port
    /// (<see cref="Outbound.OutboundOptions.AllowedHosts"/> names any other).
    /// </summary>
    public Dictionary<string, string> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Calls per item before it ends in the failed list (default 5).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry, doubled for each further one (default 200 ms).</summary>
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between retries (default 10 s).</summary>
    [TimeSpanRange("00:00:00", "00:10:00")]
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an in-process compensation may wait for the agent's process to report it before it fails (default 10 min).</summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan InProcessTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the runner checks whether in-process compensations were reported (default 200 ms).</summary>
    [TimeSpanRange("00:00:00.010", "00:01:00")]
    public TimeSpan InProcessPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one compensator or verification call may take (default 10 s).</summary>
    [TimeSpanRange("00:00:00.100", "00:05:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
