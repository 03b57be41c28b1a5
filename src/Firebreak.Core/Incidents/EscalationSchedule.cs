namespace Firebreak.Incidents;

/// <summary>
/// When an unacknowledged page is repeated and escalated. Each level is paged when it starts, repeated
/// <see cref="EscalationLevel.Repeats"/> times every <see cref="EscalationLevel.RepeatEvery"/>, and the next level starts
/// <see cref="EscalationLevel.EscalateAfter"/> after it; <see cref="EscalationLevel.EscalateAfter"/> after the last level
/// started, the page is exhausted. Every time derives from the page's opening, so a schedule resumed after a restart
/// asks for exactly what it would have.
/// </summary>
internal static class EscalationSchedule
{
    /// <summary>Every step of <paramref name="policy"/> for a page opened at <paramref name="openedAt"/>, in order, ending with <see cref="EscalationStepKind.Exhausted"/>.</summary>
    public static IReadOnlyList<EscalationStep> Steps(EscalationPolicy policy, DateTimeOffset openedAt)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var steps = new List<EscalationStep>();
        var levelStart = openedAt;
        for (var level = 0; level < policy.Levels.Count; level++)
        {
            var settings = policy.Levels[level];
            steps.Add(new EscalationStep(steps.Count, level == 0 ? EscalationStepKind.Page : EscalationStepKind.Escalate, level, 0, levelStart));
            for (var repeat = 1; repeat <= settings.Repeats; repeat++)
            {
                steps.Add(new EscalationStep(steps.Count, EscalationStepKind.Repeat, level, repeat, levelStart + (settings.RepeatEvery * repeat)));
            }

            levelStart += settings.EscalateAfter;
        }

        steps.Add(new EscalationStep(steps.Count, EscalationStepKind.Exhausted, Math.Max(0, policy.Levels.Count - 1), 0, levelStart));
        return steps;
    }

    /// <summary>
    /// What is due at <paramref name="now"/> for a page opened at <paramref name="openedAt"/> that has sent
    /// <paramref name="sent"/> steps: the latest step due (a step is due from its time on), how many earlier due steps it
    /// passes over, and when the following step is due. An acknowledged page has nothing due, ever.
    /// </summary>
    /// <param name="policy">The page's escalation policy.</param>
    /// <param name="openedAt">When the page was opened.</param>
    /// <param name="sent">How many steps have been sent.</param>
    /// <param name="acknowledgedAt">When the page was acknowledged, or <see langword="null"/>.</param>
    /// <param name="now">The time to judge at.</param>
    public static EscalationDue Due(EscalationPolicy policy, DateTimeOffset openedAt, int sent, DateTimeOffset? acknowledgedAt, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sent);
        var steps = Steps(policy, openedAt);
        if (acknowledgedAt is not null || sent >= steps.Count)
        {
            return EscalationDue.Finished;
        }

        var last = sent - 1;
        while (last + 1 < steps.Count && steps[last + 1].At <= now)
        {
            last++;
        }

        if (last < sent)
        {
            return new EscalationDue(null, 0, steps[sent].At);
        }

        return new EscalationDue(steps[last], last - sent, last + 1 < steps.Count ? steps[last + 1].At : null);
    }
}
