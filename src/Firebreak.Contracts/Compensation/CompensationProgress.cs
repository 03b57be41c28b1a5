namespace Firebreak.Compensation;

/// <summary>How many items of a run are in each state.</summary>
public sealed record CompensationProgress(int Total, int Planned, int Started, int Done, int Failed, int Skipped)
{
    /// <summary>Items that reached an end state.</summary>
    public int Finished => Done + Failed + Skipped;

    public static CompensationProgress Of(IEnumerable<CompensationItemState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        int planned = 0, started = 0, done = 0, failed = 0, skipped = 0;
        foreach (var state in states)
        {
            switch (state)
            {
                case CompensationItemState.Planned: planned++; break;
                case CompensationItemState.Started: started++; break;
                case CompensationItemState.Done: done++; break;
                case CompensationItemState.Failed: failed++; break;
                default: skipped++; break;
            }
        }

        return new CompensationProgress(planned + started + done + failed + skipped, planned, started, done, failed, skipped);
    }
}
