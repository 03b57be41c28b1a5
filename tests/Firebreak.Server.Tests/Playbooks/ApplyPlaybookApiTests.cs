using System.Net;
using Firebreak.Auth;
using Firebreak.Incidents;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Playbooks;

/// <summary>An operator lists, dry-runs and applies an agent's playbooks through the real server.</summary>
public sealed class ApplyPlaybookApiTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task TheSupportAgent_HasAPlaybookForEachFailureClass_AndRefundStormComesFirst()
    {
        using var client = await app.ClientFor(ApiKeyRole.Viewer);

        var (response, playbooks) = await HttpJson.GetAsync(client, "/api/v1/agents/support/playbooks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var all = playbooks.EnumerateArray().ToArray();
        Assert.Equal("refund-storm", all[0].GetProperty("name").GetString());
        var classes = all.SelectMany(p => p.GetProperty("match").GetProperty("failureClasses").EnumerateArray().Select(c => c.GetString())).ToHashSet();
        Assert.Superset(
            new HashSet<string?> { "intent-misclassification", "tool-misuse", "context-drift", "policy-bypass", "cost-runaway" },
            classes);
        Assert.Equal(["control", "control", "declare-incident", "page", "blast-radius"], all[0].GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task ADryRun_ReportsEveryStepInOrder_AndChangesNothing()
    {
        using var client = app.Operator();
        var agent = await AutomaticPlaybookTests.RegisterAsync(client, "pb-dry");
        var (_, before) = await HttpJson.GetAsync(client, "/api/v1/control/snapshot");

        var (response, execution) = await HttpJson.PostAsync(client, "/api/v1/playbooks/apply", $$"""{"agentId":"{{agent}}","playbook":"drain","dryRun":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(execution.GetProperty("dryRun").GetBoolean());
        var steps = execution.GetProperty("steps").EnumerateArray().ToArray();
        Assert.All(steps, s => Assert.Equal("planned", s.GetProperty("status").GetString()));
        Assert.Equal("Pause agent pb-dry: drain", steps[0].GetProperty("description").GetString());
        var (_, after) = await HttpJson.GetAsync(client, "/api/v1/control/snapshot");
        Assert.Equal(before.GetProperty("epoch").GetInt64(), after.GetProperty("epoch").GetInt64());
        var (_, stored) = await HttpJson.GetAsync(client, $"/api/v1/playbooks/executions?agent={agent}");
        Assert.Empty(stored.EnumerateArray());
        var (_, incidents) = await HttpJson.GetAsync(client, $"/api/v1/incidents?agent={agent}");
        Assert.Empty(incidents.EnumerateArray());
    }

    [Fact]
    public async Task Applying_UnderAnIncident_ContainsAsThePlaybook_AndRecordsWhoAppliedIt()
    {
        using var client = app.Operator();
        var agent = await AutomaticPlaybookTests.RegisterAsync(client, "pb-apply");
        var (_, declared) = await HttpJson.PostAsync(client, "/api/v1/incidents",
            $$"""{"title":"Tokens through the roof","agents":["{{agent}}"],"failureClass":"cost-runaway","commander":"dana","severity":"SEV3"}""");
        var incidentId = declared.GetProperty("incident").GetProperty("id").GetString()!;

        var (response, execution) = await HttpJson.PostAsync(client, "/api/v1/playbooks/apply", $$"""{"agentId":"{{agent}}","playbook":"drain","incidentId":"{{incidentId}}"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(execution.GetProperty("automatic").GetBoolean());
        Assert.Equal("bootstrap", execution.GetProperty("triggeredBy").GetString());
        var steps = execution.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(["applied", "already_in_effect", "applied", "applied"], steps.Select(s => s.GetProperty("status").GetString()));
        Assert.Equal("playbook:drain", steps[0].GetProperty("control").GetProperty("change").GetProperty("actor").GetString());
        Assert.Equal(incidentId, steps[0].GetProperty("control").GetProperty("change").GetProperty("incidentId").GetString());
        var (_, stored) = await HttpJson.GetAsync(client, $"/api/v1/playbooks/executions/{execution.GetProperty("id").GetString()}");
        Assert.Equal(incidentId, stored.GetProperty("incidentId").GetString());

        var (_, again) = await HttpJson.PostAsync(client, "/api/v1/playbooks/apply", $$"""{"agentId":"{{agent}}","playbook":"drain","incidentId":"{{incidentId}}","dryRun":true}""");
        Assert.Equal("already_in_effect", again.GetProperty("steps")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Applying_ToAnAlertRaisedOnThisNode_JoinsItsWindowAndId()
    {
        using var client = app.Operator();
        var agent = await AutomaticPlaybookTests.RegisterAsync(client, "pb-alert");
        var alert = PlaybookAlerts.Raise(app, agent, FailureClass.ToolMisuse, Severity.Sev4);
        var answered = PlaybookAlerts.Raise(app, agent, FailureClass.CostRunaway, Severity.Sev4);
        await PlaybookAlerts.WaitForExecutionsAsync(client, answered.Id);

        var (response, execution) = await HttpJson.PostAsync(client, "/api/v1/playbooks/apply", $$"""{"agentId":"{{agent}}","playbook":"drain","alertId":"{{alert.Id}}","dryRun":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(alert.Id, execution.GetProperty("alertId").GetString());
        Assert.Contains(alert.Id, execution.GetProperty("steps")[3].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"agentId":"support","playbook":"no-such-playbook"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"agentId":"nobody","playbook":"refund-storm"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"agentId":"support","playbook":"refund-storm","alertId":"alt_unknown"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"agentId":"support","playbook":"refund-storm","incidentId":"INC-999999"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"agentId":"Support!","playbook":"refund-storm"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"agentId":"support"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"agentId":"support","playbook":"refund-storm","dry":true}""", HttpStatusCode.BadRequest)]
    public async Task ABadApplication_IsAProblem_AndChangesNothing(string body, HttpStatusCode expected)
    {
        using var client = app.Operator();
        var (_, before) = await HttpJson.GetAsync(client, "/api/v1/control/snapshot");

        var (response, _) = await HttpJson.PostAsync(client, "/api/v1/playbooks/apply", body);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var (_, after) = await HttpJson.GetAsync(client, "/api/v1/control/snapshot");
        Assert.Equal(before.GetProperty("epoch").GetInt64(), after.GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task AViewer_ListsPlaybooksAndExecutions_ButCannotApply()
    {
        using var client = await app.ClientFor(ApiKeyRole.Viewer);

        var (listed, _) = await HttpJson.GetAsync(client, "/api/v1/playbooks/executions?agent=support");
        var (applied, _) = await HttpJson.PostAsync(client, "/api/v1/playbooks/apply", """{"agentId":"support","playbook":"refund-storm","dryRun":true}""");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, applied.StatusCode);
    }
}
