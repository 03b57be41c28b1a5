using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class SeverityClassifierTests
{
    /// <summary>Wrong $40 refunds to 47 customers across 312 tickets, and the agent is still issuing them.</summary>
    private static readonly ImpactFacts RefundStory = new(
        CustomersAffected: 47,
        EntitiesAffected: 312,
        MoneyMoved: 47 * 40m,
        Currency: "USD",
        AgentStillActing: true,
        UserVisible: true);

    public static TheoryData<string, ImpactFacts, Severity> Decisions => new()
    {
        { "refund story: money moving while the agent still acts", RefundStory, Severity.Sev1 },
        { "refund story once contained", RefundStory with { AgentStillActing = false }, Severity.Sev2 },
        { "personal data leaked", new ImpactFacts(CustomersAffected: 1, PiiExposed: true, UserVisible: true), Severity.Sev1 },
        { "irreversible actions still being taken", new ImpactFacts(EntitiesAffected: 3, IrreversibleActions: true, AgentStillActing: true), Severity.Sev1 },
        { "irreversible actions, agent stopped", new ImpactFacts(EntitiesAffected: 3, IrreversibleActions: true), Severity.Sev2 },
        { "dangerous advice still being given", new ImpactFacts(CustomersAffected: 2, SafetyOrPolicyImpact: true, AgentStillActing: true, UserVisible: true), Severity.Sev1 },
        { "policy breach, contained", new ImpactFacts(CustomersAffected: 2, SafetyOrPolicyImpact: true, UserVisible: true), Severity.Sev2 },
        { "broad impact while acting", new ImpactFacts(CustomersAffected: 100, AgentStillActing: true, UserVisible: true), Severity.Sev1 },
        { "broad impact by records while acting", new ImpactFacts(EntitiesAffected: 1_000, AgentStillActing: true), Severity.Sev1 },
        { "just under broad while acting", new ImpactFacts(CustomersAffected: 24, EntitiesAffected: 999, AgentStillActing: true, UserVisible: true), Severity.Sev3 },
        { "broad impact, contained", new ImpactFacts(CustomersAffected: 150, UserVisible: true), Severity.Sev2 },
        { "money at the critical threshold, contained", new ImpactFacts(CustomersAffected: 3, MoneyMoved: 10_000m, Currency: "EUR"), Severity.Sev1 },
        { "money just under the critical threshold", new ImpactFacts(CustomersAffected: 3, MoneyMoved: 9_999.99m, Currency: "EUR"), Severity.Sev2 },
        { "customers at the high threshold", new ImpactFacts(CustomersAffected: 25, UserVisible: true), Severity.Sev2 },
        { "customers just under the high threshold", new ImpactFacts(CustomersAffected: 24, UserVisible: true), Severity.Sev3 },
        { "visible, limited, correctable", new ImpactFacts(CustomersAffected: 3, UserVisible: true), Severity.Sev3 },
        { "a few records touched, nobody noticed yet", new ImpactFacts(EntitiesAffected: 2), Severity.Sev3 },
        { "caught in review", new ImpactFacts(CaughtBeforeUserImpact: true), Severity.Sev4 },
        { "caught, yet users saw it: the higher reading wins", new ImpactFacts(UserVisible: true, CaughtBeforeUserImpact: true), Severity.Sev3 },
        { "nothing reported", new ImpactFacts(), Severity.Sev4 },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Classify_SuggestsTheSeverityTheImpactCallsFor(string story, ImpactFacts facts, Severity expected)
    {
        var result = SeverityClassifier.Classify(facts);

        Assert.True(expected == result.Severity, $"{story}: expected {expected}, got {result.Severity} ({string.Join("; ", result.Reasons)})");
        Assert.NotEmpty(result.Reasons);
    }

    [Fact]
    public void RefundStory_ReasonsMentionTheMoneyAndTheAgentStillActing()
    {
        var result = SeverityClassifier.Classify(RefundStory);

        Assert.Equal(Severity.Sev1, result.Severity);
        Assert.Contains("still acting", result.Reasons[0], StringComparison.Ordinal);
        Assert.Contains("1,880.00 USD", result.Reasons[0], StringComparison.Ordinal);
        Assert.Contains(result.Reasons, r => r.Contains("financial impact: 1,880.00 USD", StringComparison.Ordinal));
    }

    [Fact]
    public void Thresholds_AreConfigurable()
    {
        var facts = new ImpactFacts(CustomersAffected: 10, UserVisible: true);

        Assert.Equal(Severity.Sev3, SeverityClassifier.Classify(facts).Severity);
        Assert.Equal(Severity.Sev2, SeverityClassifier.Classify(facts, new ImpactThresholds(HighCustomers: 10)).Severity);
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(0, -1, 0)]
    [InlineData(0, 0, -0.01)]
    public void Classify_RefusesNegativeCounts(int customers, int entities, double money)
    {
        var facts = new ImpactFacts(CustomersAffected: customers, EntitiesAffected: entities, MoneyMoved: (decimal)money);

        Assert.Throws<ArgumentOutOfRangeException>(() => SeverityClassifier.Classify(facts));
    }

    [Fact]
    public void Classify_RefusesThresholdsThatAreNotPositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SeverityClassifier.Classify(new ImpactFacts(), new ImpactThresholds(HighCustomers: 0)));
    }
}
