using Firebreak.Incidents;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Playbooks;

/// <summary>The sample's policy-bypass playbook on a prompt-injection alert: the strict level, no payments or messages, shadow, then the incident.</summary>
public sealed class PolicyBypassPlaybookTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task APolicyBypassAlert_SetsTheStrictLevel_KillsPaymentsAndMessages_AndShadowsTheAgent_BeforeDeclaring()
    {
        using var client = app.Operator();

        var alert = PlaybookAlerts.Raise(app, "support", FailureClass.PolicyBypass, Severity.Sev2, detector: "guardrail-hits");
        var execution = Assert.Single(await PlaybookAlerts.WaitForExecutionsAsync(client, alert.Id));

        Assert.Equal("policy-bypass", execution.GetProperty("playbook").GetString());
        var steps = execution.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(["strict", "control", "control", "declare-incident", "page", "blast-radius"], steps.Select(s => s.GetProperty("kind").GetString()));
        Assert.All(steps, s => Assert.Equal("applied", s.GetProperty("status").GetString()));
        var (_, snapshot) = await HttpJson.GetAsync(client, "/api/v1/control/snapshot?agent=support");
        Assert.Equal(["support"], snapshot.GetProperty("strictAgents").EnumerateArray().Select(a => a.GetString()));
        var modes = snapshot.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("scope").GetString()!, s => s.GetProperty("mode").GetString());
        Assert.Equal("killed", modes["tool:support/issue_refund"]);
        Assert.Equal("killed", modes["tool:support/send_email"]);
        Assert.Equal("shadow", modes["agent:support"]);
        var (_, incident) = await HttpJson.GetAsync(client, $"/api/v1/incidents/{execution.GetProperty("incidentId").GetString()}");
        var timeline = incident.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
        Assert.Contains(timeline, t => t.StartsWith("Apply the strict policy level to agent support", StringComparison.Ordinal));
    }
}
