using Firebreak.Compensation;
using Firebreak.Incidents;
using Firebreak.Ledger;

namespace Firebreak.Core.Tests.Compensation;

public sealed class BlastRadiusSelectionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Within_FillsAgentsAndWindowFromTheIncident_WhereTheSelectionLeavesThemOpen()
    {
        var selection = new BlastRadiusSelection(Tools: ["issue_refund"], IncidentId: "INC-1").Within(Incident(Start.AddHours(2)));

        Assert.Equal(["support", "billing"], selection.Agents!);
        Assert.Equal(Start, selection.Since);
        Assert.Equal(Start.AddHours(2), selection.Until);
        Assert.Equal(["issue_refund"], selection.Tools!);
    }

    [Fact]
    public void Within_KeepsExplicitFilters_SoAnOperatorNarrowsTheWindow()
    {
        var since = Start.AddMinutes(30);
        var selection = new BlastRadiusSelection(Agents: ["support"], Since: since, IncidentId: "INC-1").Within(Incident(windowEnd: null));

        Assert.Equal(["support"], selection.Agents!);
        Assert.Equal(since, selection.Since);
        Assert.Null(selection.Until);
    }

    [Fact]
    public void Validate_RefusesAnEmptyWindow_EmptyValues_AndTooLongLists()
    {
        var errors = BlastRadiusValidator.Validate(new BlastRadiusRequest(
            new BlastRadiusSelection(Tools: [""], RunIds: [.. Enumerable.Range(0, 501).Select(i => $"r{i}")], Since: Start, Until: Start),
            After: -1,
            Limit: 0)).ToDictionary();

        Assert.Equal(
            ["after", "limit", "selection.runIds", "selection.tools", "selection.until"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_AcceptsAnEmptySelection_WhichMeansEveryAction() =>
        Assert.True(BlastRadiusValidator.Validate(new BlastRadiusRequest(new BlastRadiusSelection(Outcomes: [ActionOutcome.Executed]))).IsValid);

    private static Incident Incident(DateTimeOffset? windowEnd) => new(
        "INC-1", "Wrong refunds", ["support", "billing"], FailureClass.ToolMisuse, "issue_refund", "SEV2", IncidentStatus.Investigating,
        "alice", null, [], Start, windowEnd, new IncidentMilestones(Start, null, null, null), null, Start, null, null, null, [], [], null, null, "alice");
}
