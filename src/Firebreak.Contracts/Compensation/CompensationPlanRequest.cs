namespace Firebreak.Compensation;

/// <summary>Plans a compensation run (a dry run) over a blast-radius selection.</summary>
/// <param name="Selection">Which actions; often just an incident id and a tool.</param>
/// <param name="MaxConcurrency">Compensator calls in flight at once; 4 when omitted, 1 to 64.</param>
/// <param name="RatePerSecond">Compensator calls started per second; 50 when omitted, 1 to 10,000.</param>
/// <param name="PurgeMemory">Also purge the memory each selected agent wrote in the selection's window (until defaults to now), through its purge hook.</param>
/// <param name="Quarantine">Also quarantine these knowledge sources of each selected agent, through its quarantine hook.</param>
public sealed record CompensationPlanRequest(
    BlastRadiusSelection Selection,
    int? MaxConcurrency = null,
    int? RatePerSecond = null,
    bool? PurgeMemory = null,
    IReadOnlyList<string>? Quarantine = null)
{
    /// <summary>The most knowledge sources one run quarantines.</summary>
    public const int MaxSources = 100;

    /// <summary>The longest knowledge source name.</summary>
    public const int MaxSourceLength = 200;

    public const int DefaultConcurrency = 4;
    public const int MaxConcurrencyLimit = 64;
    public const int DefaultRatePerSecond = 50;
    public const int MaxRatePerSecond = 10_000;

    /// <summary>The most actions one run plans; a larger blast radius is split into several runs by window.</summary>
    public const int MaxItems = 100_000;
}
