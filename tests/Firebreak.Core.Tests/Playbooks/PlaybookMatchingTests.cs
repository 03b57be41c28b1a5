using Firebreak.Incidents;
using Firebreak.Playbooks;
using static Firebreak.Core.Tests.Playbooks.PlaybookFixtures;

namespace Firebreak.Core.Tests.Playbooks;

public sealed class PlaybookMatchingTests
{
    [Theory]
    [InlineData(FailureClass.ToolMisuse, Severity.Sev1, "refund-rate", true)]
    [InlineData(FailureClass.ToolMisuse, Severity.Sev2, "refund-rate", true)]
    [InlineData(FailureClass.ToolMisuse, Severity.Sev3, "refund-rate", false)]
    [InlineData(FailureClass.CostRunaway, Severity.Sev1, "refund-rate", false)]
    [InlineData(FailureClass.ToolMisuse, Severity.Sev2, "tool-loop", false)]
    public void AnAlertMatches_WhenItsClassIsListed_ItIsAtLeastAsSevere_AndItsDetectorIsListed(
        FailureClass failureClass, Severity severity, string detector, bool matches)
    {
        var match = new PlaybookMatch([FailureClass.ToolMisuse, FailureClass.PolicyBypass], Severity.Sev2, ["refund-rate", "refund-cap"]);

        Assert.Equal(matches, PlaybookPlanner.Matches(match, Alert(failureClass, severity, detector)));
    }

    [Fact]
    public void WithoutSeverityOrDetectors_EveryAlertOfTheClassMatches()
    {
        var match = new PlaybookMatch([FailureClass.ContextDrift]);

        Assert.True(PlaybookPlanner.Matches(match, Alert(FailureClass.ContextDrift, Severity.Sev4, "anything")));
        Assert.False(PlaybookPlanner.Matches(match, Alert(FailureClass.ToolMisuse, Severity.Sev1)));
    }

    [Fact]
    public void TheFirstMatchingAutomaticPlaybook_InRegistryOrder_IsChosen()
    {
        var manual = RefundStorm with { Name = "manual-first", Auto = false };
        var broad = RefundStorm with { Name = "any-tool-misuse", Match = new PlaybookMatch([FailureClass.ToolMisuse]) };
        var agent = Support with { Playbooks = [manual, RefundStorm, broad] };

        Assert.Equal("refund-storm", PlaybookPlanner.FirstAutomatic(agent, Alert(severity: Severity.Sev1))?.Name);
        Assert.Equal("any-tool-misuse", PlaybookPlanner.FirstAutomatic(agent, Alert(severity: Severity.Sev4))?.Name);
        Assert.Null(PlaybookPlanner.FirstAutomatic(agent, Alert(FailureClass.CostRunaway)));
    }

    [Fact]
    public void AnotherAgentsAlert_MatchesNoneOfThisAgentsPlaybooks()
    {
        Assert.Null(PlaybookPlanner.FirstAutomatic(Support, Alert(agentId: "billing")));
        Assert.Null(PlaybookPlanner.FirstAutomatic(Support with { Playbooks = null }, Alert()));
    }
}
