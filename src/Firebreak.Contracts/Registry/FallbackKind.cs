namespace Firebreak.Registry;

/// <summary>The degraded experience an agent serves in <c>fallback</c> mode instead of its normal runs.</summary>
public enum FallbackKind
{
    /// <summary>New runs do not start; the caller answers with the fallback's static message.</summary>
    StaticResponse,

    /// <summary>New runs do not start; each run's input becomes a held item for a human to handle.</summary>
    HumanHandoff,

    /// <summary>New runs start with a reduced tool set: read tools run, every other tool is blocked.</summary>
    ReadOnlyTools,
}
