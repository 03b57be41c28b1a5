using System.ComponentModel.DataAnnotations;
using Firebreak.Server.Hosting;

namespace Firebreak.Server.Detection;

/// <summary>How the detection service tails the ledger, bound from the <c>Firebreak:Detection</c> configuration section.</summary>
public sealed class DetectionOptions
{
    public const string Section = "Firebreak:Detection";

    /// <summary>How long the service waits before reading the ledger again once it has caught up (default 100 ms).</summary>
    [TimeSpanRange("00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many ledger entries one read takes at most (default 1,000).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>How often the agents' detectors are reloaded from the registry (default 2 s); a changed agent starts with empty windows.</summary>
    [TimeSpanRange("00:00:00.100", "00:10:00")]
    public TimeSpan RegistryRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// At start, how far back before the cursor entries are replayed into the detectors without raising anything, so
    /// windows are full again after a restart (default 10 min; at most the longest detector window is used).
    /// </summary>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan WarmUp { get; set; } = TimeSpan.FromMinutes(10);
}
