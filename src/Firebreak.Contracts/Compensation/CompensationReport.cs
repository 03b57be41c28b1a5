namespace Firebreak.Compensation;

/// <summary>What an in-process compensator did with a dispatched item: done, or the error (retried until the run's attempts run out).</summary>
public sealed record CompensationReport(bool Done, string? Error = null)
{
    public const int MaxErrorLength = 2000;
}
