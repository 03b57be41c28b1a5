using System.ComponentModel.DataAnnotations;
using Firebreak.Server.Hosting;

namespace Firebreak.Server.Releases;

/// <summary>Release timings, bound from the <c>Firebreak:Releases</c> configuration section and validated at start.</summary>
public sealed class ReleaseOptions
{
    public const string Section = "Firebreak:Releases";

    /// <summary>How often running gradual restores are checked for a stage to judge (default 1 s).</summary>
    [TimeSpanRange("00:00:00.100", "00:10:00")]
    public TimeSpan RestoreTick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many stage intervals a stage may wait for enough candidate runs before it pauses for a human (default 3).</summary>
    [Range(1, 100)]
    public int MaxWaitIntervals { get; set; } = 3;
}
