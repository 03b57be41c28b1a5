using System.Text.Json;
using Firebreak.Control;
using Firebreak.Incidents;
using Firebreak.Playbooks;
using Firebreak.Registry;
using Firebreak.Serialization;
using static Firebreak.Core.Tests.Playbooks.PlaybookFixtures;

namespace Firebreak.Core.Tests.Playbooks;

public sealed class PlaybookValidatorTests
{
    private static IEnumerable<string> Errors(params PlaybookDefinition[] playbooks) =>
        AgentValidator.Validate(Support with { Playbooks = playbooks }).ToDictionary().Keys.Order(StringComparer.Ordinal);

    private static PlaybookDefinition With(params PlaybookStep[] steps) => RefundStorm with { Steps = steps };

    [Fact]
    public void TheRefundStormPlaybook_IsValid()
    {
        Assert.Empty(Errors(RefundStorm));
    }

    [Fact]
    public void Names_AreSlugs_UniqueWithinTheAgent()
    {
        Assert.Equal(["playbooks[1].name", "playbooks[2].name"], Errors(RefundStorm, RefundStorm, RefundStorm with { Name = "Refund Storm" }));
    }

    [Fact]
    public void AMatch_NamesAFailureClass_AndDetectorsWhenItListsThem()
    {
        var errors = Errors(
            RefundStorm with { Match = new PlaybookMatch([]) },
            RefundStorm with { Name = "bb", Match = new PlaybookMatch([FailureClass.ToolMisuse], (Severity)9, []) },
            RefundStorm with { Name = "cc", Match = new PlaybookMatch([(FailureClass)42], Detectors: ["Not A Slug"]) });

        Assert.Equal(
            ["playbooks[0].match.failureClasses", "playbooks[1].match.detectors", "playbooks[1].match.minSeverity", "playbooks[2].match.detectors[0]", "playbooks[2].match.failureClasses[0]"],
            errors);
    }

    [Fact]
    public void APlaybook_HasOneTo32Steps()
    {
        Assert.Equal(["playbooks[0].steps"], Errors(With()));
        Assert.Equal(["playbooks[0].steps"], Errors(With([.. Enumerable.Repeat(new PlaybookStep(PlaybookStepKind.Page), 33)])));
    }

    [Fact]
    public void AControlStep_ContainsItsOwnAgent_NeverResumes_AndNamesOnlyItsTools()
    {
        var errors = Errors(With(
            new PlaybookStep(PlaybookStepKind.Control),
            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Global, "all", ControlMode.Killed)),
            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Agent, "resume", ControlMode.Normal)),
            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Agent, "other", ControlMode.Killed, "billing")),
            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Agent, "inc", ControlMode.Killed, IncidentId: "INC-1")),
            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Risk, "none", ControlMode.Killed, Risk: [RiskClass.Irreversible])),
            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Agent, " ", ControlMode.Killed)),
            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Agent, "thaw", Freeze: false)),
            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Agent, "relax", Strict: false))));

        Assert.Equal(
            [
                "playbooks[0].steps[0].control",
                "playbooks[0].steps[1].control.target",
                "playbooks[0].steps[2].control.mode",
                "playbooks[0].steps[3].control.agentId",
                "playbooks[0].steps[4].control.incidentId",
                "playbooks[0].steps[5].control.risk",
                "playbooks[0].steps[6].control.reason",
                "playbooks[0].steps[7].control.freeze",
                "playbooks[0].steps[8].control.strict",
            ],
            errors);
    }

    [Fact]
    public void EachStepKind_ReadsOnlyItsOwnFields()
    {
        var kill = new ControlChangeRequest(ControlTarget.Agent, "x", ControlMode.Killed);
        var errors = Errors(With(
            new PlaybookStep(PlaybookStepKind.Control, kill, Title: "t"),
            new PlaybookStep(PlaybookStepKind.DeclareIncident, kill, Severity.Sev2, "t"),
            new PlaybookStep(PlaybookStepKind.Page, Severity: Severity.Sev2),
            new PlaybookStep(PlaybookStepKind.BlastRadius, Message: "m"),
            new PlaybookStep(PlaybookStepKind.Strict, kill),
            new PlaybookStep(PlaybookStepKind.Page, Reason: "r")));

        Assert.Equal(
            ["playbooks[0].steps[0].title", "playbooks[0].steps[1].control", "playbooks[0].steps[2].severity", "playbooks[0].steps[3].message", "playbooks[0].steps[4].control", "playbooks[0].steps[5].reason"],
            errors);
    }

    [Fact]
    public void DeclaringAnIncident_NeedsASeverityAndATitle_AndALookbackIsBounded()
    {
        var errors = Errors(With(
            new PlaybookStep(PlaybookStepKind.DeclareIncident),
            new PlaybookStep(PlaybookStepKind.DeclareIncident, Severity: Severity.Sev1, Title: "t", Commander: " "),
            new PlaybookStep(PlaybookStepKind.BlastRadius, Lookback: TimeSpan.Zero),
            new PlaybookStep(PlaybookStepKind.BlastRadius, Lookback: TimeSpan.FromDays(8))));

        Assert.Equal(
            ["playbooks[0].steps[0].severity", "playbooks[0].steps[0].title", "playbooks[0].steps[1].commander", "playbooks[0].steps[2].lookback", "playbooks[0].steps[3].lookback"],
            errors);
    }

    [Fact]
    public void TheRegistryJson_ReadsStepKindsInKebabCase_AndControlAsTheControlApiTakesIt()
    {
        const string json = """
            {
              "name": "refund-storm",
              "match": { "failureClasses": ["tool-misuse"], "minSeverity": "sev2", "detectors": ["refund-rate"] },
              "auto": true,
              "steps": [
                { "kind": "control", "control": { "target": "tools", "tools": ["issue_refund"], "mode": "killed", "reason": "r", "for": "00:30:00" } },
                { "kind": "declare-incident", "severity": "sev2", "title": "t" },
                { "kind": "strict", "reason": "injection" },
                { "kind": "page" },
                { "kind": "blast-radius", "lookback": "00:05:00" }
              ]
            }
            """;

        var playbook = JsonSerializer.Deserialize<PlaybookDefinition>(json, FirebreakJson.Options)!;

        Assert.Empty(Errors(playbook));
        Assert.Equal(Severity.Sev2, playbook.Match.MinSeverity);
        Assert.Equal(
            [PlaybookStepKind.Control, PlaybookStepKind.DeclareIncident, PlaybookStepKind.Strict, PlaybookStepKind.Page, PlaybookStepKind.BlastRadius],
            playbook.Steps.Select(s => s.Kind));
        Assert.Equal(TimeSpan.FromMinutes(30), playbook.Steps[0].Control!.For);
        Assert.Contains("\"declare-incident\"", JsonSerializer.Serialize(playbook, FirebreakJson.Options), StringComparison.Ordinal);
    }
}
