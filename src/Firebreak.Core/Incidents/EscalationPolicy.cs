namespace Firebreak.Incidents;

/// <summary>Who is paged, in what order, until someone acknowledges: the levels of one severity, first to last.</summary>
/// <param name="Levels">The levels in the order they are paged; at least one.</param>
internal sealed record EscalationPolicy(IReadOnlyList<EscalationLevel> Levels)
{
    /// <summary>
    /// Every problem with the policy: no levels, a level without receivers, a non-positive escalation delay, a negative
    /// repeat count, or repeats that do not all fit before the level escalates (so the steps stay in order).
    /// </summary>
    public IEnumerable<string> Problems()
    {
        if (Levels.Count == 0)
        {
            yield return "has no levels";
        }

        for (var i = 0; i < Levels.Count; i++)
        {
            var level = Levels[i];
            var name = $"level {i + 1}";
            if (level.Receivers.Count == 0 || level.Receivers.Any(string.IsNullOrWhiteSpace))
            {
                yield return $"{name} needs at least one receiver, none blank";
            }

            if (level.EscalateAfter <= TimeSpan.Zero)
            {
                yield return $"{name} needs a positive EscalateAfter";
            }

            if (level.Repeats < 0)
            {
                yield return $"{name} has a negative Repeats";
            }
            else if (level.Repeats > 0 && (level.RepeatEvery <= TimeSpan.Zero || level.RepeatEvery * level.Repeats >= level.EscalateAfter))
            {
                yield return $"{name} repeats {level.Repeats} times every {level.RepeatEvery}, which must be positive and end before EscalateAfter ({level.EscalateAfter})";
            }
        }
    }
}
