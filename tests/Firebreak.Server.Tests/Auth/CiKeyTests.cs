using System.Net;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Auth;

/// <summary>The ci role: bound to named agents, it reports their regression results and does nothing else.</summary>
public sealed class CiKeyTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task ACiKeyCannotPostResultsForAnAgentOutsideItsScope()
    {
        using var operatorClient = app.Operator();
        var (release, caseId) = await SeedCaseAsync(operatorClient, "ci-scope");
        using var owner = await app.ClientFor(ApiKeyRole.Ci, agentIds: ["ci-scope"]);
        await ReportAsync(owner, caseId, release, passed: false, "must not call issue_refund: called issue_refund 1 time(s)");
        using var other = await app.ClientFor(ApiKeyRole.Ci, agentIds: ["support", "billing"]);

        var (refused, problem) = await ReportAsync(other, caseId, release, passed: true);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("ci-scope", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var gate = (await HttpJson.GetAsync(operatorClient, $"/api/v1/regression/gate?agent=ci-scope&release={release}")).Body;
        Assert.False(gate.GetProperty("open").GetBoolean());
        var stored = Assert.Single(gate.GetProperty("cases").EnumerateArray());
        Assert.Equal("failed", stored.GetProperty("status").GetString());
        Assert.Equal("must not call issue_refund: called issue_refund 1 time(s)", Assert.Single(stored.GetProperty("failures").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task ACiKeyCannotChangeControlsOrRecordActions()
    {
        using var operatorClient = app.Operator();
        var (release, _) = await SeedCaseAsync(operatorClient, "ci-contained");
        var (killed, _) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=0", """{"target":"agent","agentId":"ci-contained","mode":"killed","reason":"incident"}""");
        Assert.True(killed.IsSuccessStatusCode);
        var epoch = (await HttpJson.GetAsync(operatorClient, "/api/v1/control/snapshot")).Body.GetProperty("epoch").GetInt64();
        using var ci = await app.ClientFor(ApiKeyRole.Ci, agentIds: ["ci-contained"]);

        var (lift, _) = await HttpJson.PostAsync(ci, "/api/v1/control/changes?wait=0", """{"target":"agent","agentId":"ci-contained","mode":"normal","reason":"lift it"}""");
        var (ack, _) = await HttpJson.PostAsync(ci, "/api/v1/control/ack", """{"pointId":"p-1","epoch":1}""");
        var (snapshot, _) = await HttpJson.GetAsync(ci, "/api/v1/control/snapshot");
        var (action, _) = await HttpJson.PostAsync(ci, "/api/v1/actions",
            """{"agentId":"ci-contained","idempotencyKey":"ci-1","tool":"issue_refund","arguments":{"orderId":"o-1","amount":40},"outcome":"executed"}""");
        var (run, _) = await HttpJson.PostAsync(ci, "/api/v1/runs", """{"agentId":"ci-contained"}""");
        var (approval, _) = await HttpJson.PostAsync(ci, "/api/v1/approvals/apr_x/approve", """{"reason":"fine"}""");
        var (activate, _) = await HttpJson.PostAsync(ci, "/api/v1/agents/ci-contained/releases/activate?wait=0", $$"""{"releaseId":"{{release}}","reason":"ship it","overrideGate":"ci says so"}""");
        var (gate, _) = await HttpJson.GetAsync(ci, $"/api/v1/regression/gate?agent=ci-contained&release={release}");

        Assert.All([lift, ack, snapshot, action, run, approval, activate, gate], response => Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode));
        Assert.Equal(epoch, (await HttpJson.GetAsync(operatorClient, "/api/v1/control/snapshot")).Body.GetProperty("epoch").GetInt64());
        Assert.Empty((await HttpJson.GetAsync(operatorClient, "/api/v1/actions?agent=ci-contained")).Body.EnumerateArray());
        Assert.False((await HttpJson.GetAsync(operatorClient, "/api/v1/agents/ci-contained/releases/state")).Body.TryGetProperty("activeReleaseId", out _));
    }

    [Theory]
    [InlineData("""{"name":"ci","role":"ci"}""", "agentIds")]
    [InlineData("""{"name":"ci","role":"ci","agentIds":[]}""", "agentIds")]
    [InlineData("""{"name":"ci","role":"ci","agentId":"support"}""", "agentId")]
    [InlineData("""{"name":"ci","role":"ci","agentIds":["Support!"]}""", "agentIds")]
    [InlineData("""{"name":"ci","role":"ci","agentIds":["support","support"]}""", "agentIds")]
    [InlineData("""{"name":"bot","role":"agent","agentId":"support","agentIds":["billing"]}""", "agentIds")]
    [InlineData("""{"name":"ops","role":"operator","agentIds":["support"]}""", "agentIds")]
    [InlineData("""{"name":"eyes","role":"viewer","agentIds":["support"]}""", "agentIds")]
    public async Task AKeyRequestThatDoesNotFitItsRole_IsRefusedWithProblemDetails_AndNothingIsStored(string request, string field)
    {
        using var operatorClient = app.Operator();
        var before = (await HttpJson.GetAsync(operatorClient, "/api/v1/keys")).Body.GetArrayLength();

        var (response, problem) = await HttpJson.PostAsync(operatorClient, "/api/v1/keys", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, (await HttpJson.GetAsync(operatorClient, "/api/v1/keys")).Body.GetArrayLength());
    }

    [Fact]
    public async Task ACiKey_IsIssuedAndListedWithItsAgents()
    {
        using var operatorClient = app.Operator();

        var (response, created) = await HttpJson.PostAsync(operatorClient, "/api/v1/keys", """{"name":"release-pipeline","role":"ci","agentIds":["support","billing"]}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("ci", created.GetProperty("role").GetString());
        Assert.False(created.TryGetProperty("agentId", out _));
        Assert.Equal(["support", "billing"], created.GetProperty("agentIds").EnumerateArray().Select(a => a.GetString()));
        var listed = (await HttpJson.GetAsync(operatorClient, "/api/v1/keys")).Body.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "release-pipeline");
        Assert.Equal(["support", "billing"], listed.GetProperty("agentIds").EnumerateArray().Select(a => a.GetString()));
    }

    /// <summary>A registered agent with a release and a regression case captured from one of its runs.</summary>
    private static async Task<(string Release, string CaseId)> SeedCaseAsync(HttpClient operatorClient, string agent)
    {
        var (registered, definition) = await HttpJson.SendAsync(operatorClient, "PUT", $"/api/v1/agents/{agent}", JsonSerializer.Serialize(Samples.Support with { Id = agent }, Serialization.FirebreakJson.Options));
        Assert.True(registered.IsSuccessStatusCode, definition.ToString());
        var (_, release) = await HttpJson.PostAsync(operatorClient, "/api/v1/releases",
            JsonSerializer.Serialize(new { agentId = agent, model = new { id = "scripted-support", provider = "scripted" }, prompts = new { system = "be kind" } }));
        var (_, run) = await HttpJson.PostAsync(operatorClient, "/api/v1/runs", JsonSerializer.Serialize(new { agentId = agent, input = new { subject = "where is my order" } }));
        var (created, regression) = await HttpJson.PostAsync(operatorClient, "/api/v1/regression/cases",
            $$"""{"fromRunId":"{{run.GetProperty("id").GetString()}}","name":"no refunds","assertions":[{"kind":"must_not_call","tool":"issue_refund"}]}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, regression.ToString());
        return (release.GetProperty("id").GetString()!, regression.GetProperty("id").GetString()!);
    }

    private static Task<(HttpResponseMessage Response, JsonElement Body)> ReportAsync(HttpClient client, string caseId, string release, bool passed, params string[] failures) =>
        HttpJson.PostAsync(client, "/api/v1/regression/results", JsonSerializer.Serialize(new { caseId, releaseId = release, passed, failures }));
}
