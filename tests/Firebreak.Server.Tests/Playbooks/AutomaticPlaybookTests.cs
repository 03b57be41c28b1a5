using System.Net;
using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Playbooks;

/// <summary>
/// A new alert on the feed makes the server apply the sample support agent's refund-storm playbook by itself:
/// containment first, through the control plane, then the incident, the page and the blast radius, all on the timeline.
/// </summary>
public sealed class AutomaticPlaybookTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task ARefundStormAlert_KillsRefunds_ShadowsTheAgent_DeclaresSev2_Pages_AndSizesTheBlastRadius_OnTheTimeline()
    {
        using var client = app.Operator();
        await RefundAsync(client, "k-storm-1", 40m, 47);
        await RefundAsync(client, "k-storm-2", 60m, 48);

        var alert = PlaybookAlerts.Raise(app, "support", FailureClass.ToolMisuse, Severity.Sev2);
        var execution = Assert.Single(await PlaybookAlerts.WaitForExecutionsAsync(client, alert.Id));

        Assert.Equal("refund-storm", execution.GetProperty("playbook").GetString());
        Assert.True(execution.GetProperty("automatic").GetBoolean());
        Assert.Equal("firebreak", execution.GetProperty("triggeredBy").GetString());
        var steps = execution.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(["control", "control", "declare-incident", "page", "blast-radius"], steps.Select(s => s.GetProperty("kind").GetString()));
        Assert.All(steps, s => Assert.Equal("applied", s.GetProperty("status").GetString()));
        Assert.Equal("2 actions · 2 customers · 2 orders · USD 100.00", steps[4].GetProperty("detail").GetString());

        var (_, snapshot) = await HttpJson.GetAsync(client, "/api/v1/control/snapshot?agent=support");
        var settings = snapshot.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("scope").GetString()!, s => s);
        Assert.Equal("killed", settings["tool:support/issue_refund"].GetProperty("mode").GetString());
        Assert.Equal("shadow", settings["agent:support"].GetProperty("mode").GetString());
        Assert.Equal("playbook:refund-storm", settings["tool:support/issue_refund"].GetProperty("actor").GetString());

        var incidentId = execution.GetProperty("incidentId").GetString()!;
        var (_, incident) = await HttpJson.GetAsync(client, $"/api/v1/incidents/{incidentId}");
        Assert.Equal("SEV2", incident.GetProperty("incident").GetProperty("severity").GetString());
        Assert.Equal(alert.Id, incident.GetProperty("incident").GetProperty("alertId").GetString());
        var timeline = incident.GetProperty("timeline").EnumerateArray().ToArray();
        Assert.All(timeline, e => Assert.Equal("playbook:refund-storm", e.GetProperty("actor").GetString()));
        var texts = timeline.Select(e => (Kind: e.GetProperty("kind").GetString(), Text: e.GetProperty("text").GetString()!)).ToList();
        Assert.Equal(["declared", "control", "control", "page", "note"], texts.Select(t => t.Kind));
        Assert.StartsWith("Kill tool issue_refund of support", texts[1].Text, StringComparison.Ordinal);
        Assert.StartsWith("Shadow agent support", texts[2].Text, StringComparison.Ordinal);
        Assert.StartsWith("Paged support-platform", texts[3].Text, StringComparison.Ordinal);
        Assert.Equal("Blast radius: 2 actions · 2 customers · 2 orders · USD 100.00", texts[4].Text);
    }

    [Fact]
    public async Task TheSameAlertPublishedAgain_IsNotAnsweredTwice()
    {
        using var client = app.Operator();
        var agent = await RegisterAsync(client, "pb-once");
        var alert = PlaybookAlerts.Raise(app, agent, FailureClass.CostRunaway, Severity.Sev3);
        Assert.Single(await PlaybookAlerts.WaitForExecutionsAsync(client, alert.Id));

        PlaybookAlerts.Publish(app, alert);
        // Alerts are answered in order, so once the next one is answered the repeat has been handled.
        var next = PlaybookAlerts.Raise(app, agent, FailureClass.CostRunaway, Severity.Sev3);
        await PlaybookAlerts.WaitForExecutionsAsync(client, next.Id);

        var (_, executions) = await HttpJson.GetAsync(client, $"/api/v1/playbooks/executions?alert={alert.Id}");
        Assert.Single(executions.EnumerateArray());
        var (_, later) = await HttpJson.GetAsync(client, $"/api/v1/playbooks/executions?alert={next.Id}");
        var step = Assert.Single(later.EnumerateArray()).GetProperty("steps")[0];
        Assert.Equal("already_in_effect", step.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnAlertThatAlreadyHasAnIncident_IsContainedUnderIt_NoSecondIncident()
    {
        using var client = app.Operator();
        var agent = await RegisterAsync(client, "pb-join");
        var (_, declared) = await HttpJson.PostAsync(client, "/api/v1/incidents",
            $$"""{"title":"Detector declared","agents":["{{agent}}"],"failureClass":"cost-runaway","commander":"dana","severity":"SEV3"}""");
        var incidentId = declared.GetProperty("incident").GetProperty("id").GetString()!;

        var alert = PlaybookAlerts.Raise(app, agent, FailureClass.CostRunaway, Severity.Sev3, incidentId);
        var execution = Assert.Single(await PlaybookAlerts.WaitForExecutionsAsync(client, alert.Id));

        Assert.Equal(incidentId, execution.GetProperty("incidentId").GetString());
        Assert.Equal("already_in_effect", execution.GetProperty("steps")[1].GetProperty("status").GetString());
        var (_, incident) = await HttpJson.GetAsync(client, $"/api/v1/incidents/{incidentId}");
        var entries = incident.GetProperty("timeline").EnumerateArray().Select(e => (Actor: e.GetProperty("actor").GetString(), Kind: e.GetProperty("kind").GetString())).ToList();
        Assert.Contains(("playbook:drain", "control"), entries);
        Assert.Contains(("playbook:drain", "page"), entries);
        Assert.Contains(entries, e => e.Actor == "playbook:drain" && e.Kind == "note");
        var (_, list) = await HttpJson.GetAsync(client, $"/api/v1/incidents?agent={agent}");
        Assert.Single(list.EnumerateArray());
    }

    [Fact]
    public async Task AnAlertNoAutomaticPlaybookMatches_ChangesNothing()
    {
        using var client = app.Operator();
        var agent = await RegisterAsync(client, "pb-none");
        var ignored = PlaybookAlerts.Raise(app, agent, FailureClass.PolicyBypass, Severity.Sev1);
        var answered = PlaybookAlerts.Raise(app, agent, FailureClass.CostRunaway, Severity.Sev3);
        await PlaybookAlerts.WaitForExecutionsAsync(client, answered.Id);

        var (_, executions) = await HttpJson.GetAsync(client, $"/api/v1/playbooks/executions?alert={ignored.Id}");
        Assert.Empty(executions.EnumerateArray());
    }

    /// <summary>Registers a copy of the support agent with one automatic cost-runaway playbook: pause, declare, page, blast radius.</summary>
    internal static async Task<string> RegisterAsync(HttpClient client, string id)
    {
        var definition = JsonSerializer.Serialize(Samples.Support with { Id = id }, Serialization.FirebreakJson.Options);
        definition = definition[..^1] + """
            ,"playbooks":[{"name":"drain","match":{"failureClasses":["cost-runaway"]},"auto":true,"steps":[
              {"kind":"control","control":{"target":"agent","mode":"paused","reason":"drain"}},
              {"kind":"declare-incident","severity":"sev3","title":"Cost runaway on {agent}"},
              {"kind":"page","message":"{summary}"},
              {"kind":"blast-radius"}]}]}
            """;
        var (response, body) = await HttpJson.SendAsync(client, "PUT", $"/api/v1/agents/{id}", definition);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, body.ToString());
        return id;
    }

    private static async Task RefundAsync(HttpClient client, string key, decimal amount, int customer)
    {
        var (response, body) = await HttpJson.PostAsync(client, "/api/v1/actions", JsonSerializer.Serialize(new
        {
            agentId = "support",
            idempotencyKey = key,
            tool = "issue_refund",
            arguments = new { orderId = $"o-{customer}", amount, currency = "USD" },
            outcome = "executed",
            entities = new[] { $"customer:{customer}", $"order:o-{customer}" },
            amount,
            currency = "USD",
        }));
        Assert.True(response.IsSuccessStatusCode, body.ToString());
    }
}
