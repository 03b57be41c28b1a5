namespace Firebreak.Incidents;

/// <summary>
/// Suggests a severity from impact rather than from how embarrassing the output looks.
/// Critical (SEV1): personal data exposed, a large amount of money moved, or an agent still acting with money, irreversible actions,
/// safety impact or broad reach. High (SEV2): any financial, safety, policy or irreversible impact, or broad impact once contained.
/// Medium (SEV3): users can see it, within limits. Low (SEV4): caught before it reached users.
/// When unsure it picks the higher level: values equal to a threshold cross it, and facts that contradict
/// "caught before user impact" win over that flag.
/// </summary>
internal static class SeverityClassifier
{
    /// <summary>Classifies <paramref name="facts"/> with <see cref="ImpactThresholds.Default"/>.</summary>
    public static SeverityClassification Classify(ImpactFacts facts) => Classify(facts, ImpactThresholds.Default);

    /// <summary>Classifies <paramref name="facts"/> against <paramref name="thresholds"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count or the amount is negative, or a threshold is not positive.</exception>
    public static SeverityClassification Classify(ImpactFacts facts, ImpactThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentOutOfRangeException.ThrowIfNegative(facts.CustomersAffected, nameof(facts));
        ArgumentOutOfRangeException.ThrowIfNegative(facts.EntitiesAffected, nameof(facts));
        ArgumentOutOfRangeException.ThrowIfNegative(facts.MoneyMoved, nameof(facts));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thresholds.CriticalCustomers, nameof(thresholds));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thresholds.CriticalEntities, nameof(thresholds));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thresholds.CriticalMoney, nameof(thresholds));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thresholds.HighCustomers, nameof(thresholds));

        var reasons = new List<(Severity Severity, string Text)>();
        void Add(Severity severity, string text) => reasons.Add((severity, text));

        var money = facts.MoneyMoved > 0 ? IncidentText.Money(facts.MoneyMoved, facts.Currency) : null;
        var broad = facts.CustomersAffected >= thresholds.CriticalCustomers || facts.EntitiesAffected >= thresholds.CriticalEntities;
        var reach = $"{facts.CustomersAffected} customers and {facts.EntitiesAffected} records affected";

        if (facts.PiiExposed)
        {
            Add(Severity.Sev1, "personal data was exposed");
        }

        if (facts.AgentStillActing)
        {
            if (money is not null)
            {
                Add(Severity.Sev1, $"the agent is still acting and has already moved {money} in error; unauthorized transactions must stop now");
            }

            if (facts.IrreversibleActions)
            {
                Add(Severity.Sev1, "the agent is still acting and some of its actions cannot be undone");
            }

            if (facts.SafetyOrPolicyImpact)
            {
                Add(Severity.Sev1, "the agent is still acting against safety or policy");
            }

            if (broad)
            {
                Add(Severity.Sev1, $"the agent is still acting and its impact is already broad ({reach})");
            }
        }

        if (facts.MoneyMoved > 0 && facts.MoneyMoved >= thresholds.CriticalMoney)
        {
            Add(Severity.Sev1, $"{money} moved in error, at or above the {IncidentText.Money(thresholds.CriticalMoney, facts.Currency)} critical threshold");
        }

        if (money is not null)
        {
            Add(Severity.Sev2, $"financial impact: {money} moved in error");
        }

        if (facts.SafetyOrPolicyImpact)
        {
            Add(Severity.Sev2, "safety, legal or policy-sensitive impact");
        }

        if (facts.IrreversibleActions)
        {
            Add(Severity.Sev2, "some wrong actions cannot be undone");
        }

        if (broad && !facts.AgentStillActing)
        {
            Add(Severity.Sev2, $"broad impact ({reach}), though the agent is no longer acting");
        }
        else if (facts.CustomersAffected >= thresholds.HighCustomers)
        {
            Add(Severity.Sev2, $"{facts.CustomersAffected} customers affected, at or above the {thresholds.HighCustomers}-customer threshold");
        }

        var touchedUsers = facts.UserVisible || facts.CustomersAffected > 0 || facts.EntitiesAffected > 0;
        if (facts.UserVisible)
        {
            Add(Severity.Sev3, "users can see the problem");
        }
        else if (touchedUsers)
        {
            Add(Severity.Sev3, $"limited impact ({reach})");
        }

        if (facts.CaughtBeforeUserImpact && reasons.Count > 0)
        {
            Add(Severity.Sev4, "marked as caught before user impact, but the other facts show impact; the higher reading wins");
        }
        else if (facts.CaughtBeforeUserImpact)
        {
            Add(Severity.Sev4, "caught before any user was affected");
        }
        else if (reasons.Count == 0)
        {
            Add(Severity.Sev4, "no user, financial, privacy or safety impact reported");
        }

        var ordered = reasons.OrderBy(r => r.Severity).ToArray();
        return new SeverityClassification(ordered[0].Severity, [.. ordered.Select(r => r.Text)]);
    }
}
