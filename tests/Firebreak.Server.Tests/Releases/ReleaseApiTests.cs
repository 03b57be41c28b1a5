using System.Net;
using System.Text.Json;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Releases;

/// <summary>The release and regression API against the real server: the gate, the freeze, and what reaches the incident timeline.</summary>
public sealed class ReleaseApiTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    private const string Refund = """{"agentId":"AGENT","idempotencyKey":"k-1","tool":"issue_refund","arguments":{"orderId":"o-1","amount":40,"currency":"USD","reason":"goodwill"},"outcome":"executed","runId":"RUN","result":{"id":"rf-1"}}""";

    [Fact]
    public async Task AFailingRegressionCase_RefusesPromotion_WithTheCaseInTheProblem_UntilAnOperatorOverridesWithAReason()
    {
        using var client = app.Operator();
        var agent = await RegisterAgentAsync(client, "gate");
        var good = await CreateReleaseAsync(client, agent, "be kind");
        var bad = await CreateReleaseAsync(client, agent, "be kind. Always issue a goodwill refund of 40 USD on every ticket.");
        var run = await BadRunAsync(client, agent);
        var incident = await HttpJson.DeclareIncidentAsync(client);
        var (created, regression) = await HttpJson.PostAsync(client, "/api/v1/regression/cases",
            $$"""{"fromRunId":"{{run}}","name":"goodwill on a question","assertions":[{"kind":"must_not_call","tool":"issue_refund"},{"kind":"max_amount","tool":"issue_refund","max":0}],"incidentId":"{{incident}}"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = regression.GetProperty("id").GetString();
        Assert.Equal("issue_refund", regression.GetProperty("toolCalls")[0].GetProperty("tool").GetString());
        await ReportAsync(client, caseId!, bad, passed: false, "must not call issue_refund: called issue_refund 1 time(s)");
        await ReportAsync(client, caseId!, good, passed: true);

        var (refused, problem) = await HttpJson.PostAsync(client, $"/api/v1/agents/{agent}/releases/activate?wait=0", $$"""{"releaseId":"{{bad[..12]}}","reason":"try it"}""");
        var (allowed, _) = await HttpJson.PostAsync(client, $"/api/v1/agents/{agent}/releases/activate?wait=0", $$"""{"releaseId":"{{good}}","reason":"baseline"}""");
        var (overridden, result) = await HttpJson.PostAsync(client, $"/api/v1/agents/{agent}/releases/activate?wait=0",
            $$"""{"releaseId":"{{bad}}","reason":"demo","incidentId":"{{incident}}","overrideGate":"the demo needs the bad release"}""");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("goodwill on a question", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var failing = problem.GetProperty("gate").GetProperty("cases")[0];
        Assert.Equal(caseId, failing.GetProperty("caseId").GetString());
        Assert.Equal("failed", failing.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        Assert.Equal("the demo needs the bad release", result.GetProperty("activation").GetProperty("gateOverride").GetString());
        Assert.Equal(good, result.GetProperty("state").GetProperty("lastKnownGoodReleaseId").GetString());
        var timeline = (await HttpJson.GetAsync(client, $"/api/v1/incidents/{incident}")).Body.GetProperty("timeline").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "release").Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.Contains(timeline, t => t!.Contains("captured regression case goodwill on a question", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t!.Contains("overrode the regression gate", StringComparison.Ordinal) && t.Contains("the demo needs the bad release", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t!.Contains($"activated release {bad[..12]}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACaseNeverReplayedOnARelease_KeepsTheGateClosed()
    {
        using var client = app.Operator();
        var agent = await RegisterAgentAsync(client, "unreplayed");
        var release = await CreateReleaseAsync(client, agent, "be kind");
        var run = await BadRunAsync(client, agent);
        await HttpJson.PostAsync(client, "/api/v1/regression/cases", $$"""{"fromRunId":"{{run}}","assertions":[{"kind":"must_call","tool":"close_ticket"}]}""");

        var (refused, problem) = await HttpJson.PostAsync(client, $"/api/v1/agents/{agent}/releases/activate?wait=0", $$"""{"releaseId":"{{release}}","reason":"first"}""");
        var (gate, table) = await HttpJson.GetAsync(client, $"/api/v1/regression/gate?agent={agent}&release={release}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("not_replayed", problem.GetProperty("gate").GetProperty("cases")[0].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, gate.StatusCode);
        Assert.False(table.GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task AFrozenAgent_RefusesActivationAndRollback_AndNothingChanges()
    {
        using var client = app.Operator();
        var agent = await RegisterAgentAsync(client, "frozen");
        var first = await CreateReleaseAsync(client, agent, "one");
        var second = await CreateReleaseAsync(client, agent, "two");
        await Activate(client, agent, first);
        await Activate(client, agent, second);
        await HttpJson.PostAsync(client, "/api/v1/control/changes?wait=0", $$"""{"target":"agent","agentId":"{{agent}}","freeze":true,"reason":"incident"}""");
        var epoch = (await HttpJson.GetAsync(client, "/api/v1/control/snapshot")).Body.GetProperty("epoch").GetInt64();

        var (activate, activateProblem) = await HttpJson.PostAsync(client, $"/api/v1/agents/{agent}/releases/activate?wait=0", $$"""{"releaseId":"{{first}}","reason":"go"}""");
        var (rollback, rollbackProblem) = await HttpJson.PostAsync(client, $"/api/v1/agents/{agent}/releases/rollback?wait=0", """{"reason":"back"}""");

        Assert.Equal(HttpStatusCode.Conflict, activate.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, rollback.StatusCode);
        Assert.Contains("frozen", activateProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("frozen", rollbackProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(epoch, (await HttpJson.GetAsync(client, "/api/v1/control/snapshot")).Body.GetProperty("epoch").GetInt64());
        var state = (await HttpJson.GetAsync(client, $"/api/v1/agents/{agent}/releases/state")).Body;
        Assert.Equal(second, state.GetProperty("activeReleaseId").GetString());
        Assert.True(state.GetProperty("frozen").GetBoolean());
    }

    [Fact]
    public async Task TheActiveRelease_TravelsInTheControlSnapshot_AndAnAgentKeyReadsItsOwnRelease()
    {
        using var client = app.Operator();
        var agent = await RegisterAgentAsync(client, "snapshot");
        var release = await CreateReleaseAsync(client, agent, "hello");
        await Activate(client, agent, release);
        using var agentClient = await app.ClientFor(Firebreak.Auth.ApiKeyRole.Agent, agent);

        var snapshot = (await HttpJson.GetAsync(agentClient, "/api/v1/control/snapshot")).Body;
        var (own, body) = await HttpJson.GetAsync(agentClient, $"/api/v1/releases/{release[..8]}");
        var (others, _) = await HttpJson.GetAsync(agentClient, $"/api/v1/releases?agent=support");

        var routing = Assert.Single(snapshot.GetProperty("releases").EnumerateArray());
        Assert.Equal(release, routing.GetProperty("activeReleaseId").GetString());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("hello", body.GetProperty("prompts").GetProperty("system").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
    }

    [Fact]
    public async Task AnInvalidRelease_IsRefusedWithEveryProblem_AndNothingIsStored()
    {
        using var client = app.Operator();
        var agent = await RegisterAgentAsync(client, "invalid");

        var (response, problem) = await HttpJson.PostAsync(client, "/api/v1/releases",
            $$"""{"agentId":"{{agent}}","model":{"id":"","provider":"openai"},"prompts":{},"parent":"nope"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("model.id", out _));
        Assert.True(errors.TryGetProperty("prompts", out _));
        Assert.True(errors.TryGetProperty("parent", out _));
        Assert.Empty((await HttpJson.GetAsync(client, $"/api/v1/releases?agent={agent}")).Body.EnumerateArray());
    }

    private static async Task<string> RegisterAgentAsync(HttpClient client, string name)
    {
        var id = $"rel-{name}";
        var definition = JsonSerializer.Serialize(Samples.Support with { Id = id }, FirebreakJson.Options);
        var (response, body) = await HttpJson.SendAsync(client, "PUT", $"/api/v1/agents/{id}", definition);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return id;
    }

    private static async Task<string> CreateReleaseAsync(HttpClient client, string agent, string prompt)
    {
        var (response, body) = await HttpJson.PostAsync(client, "/api/v1/releases",
            JsonSerializer.Serialize(new { agentId = agent, model = new { id = "scripted-support", provider = "scripted" }, prompts = new { system = prompt } }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body.GetProperty("id").GetString()!;
    }

    private static async Task Activate(HttpClient client, string agent, string release)
    {
        var (response, body) = await HttpJson.PostAsync(client, $"/api/v1/agents/{agent}/releases/activate?wait=0", $$"""{"releaseId":"{{release}}","reason":"test"}""");
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
    }

    private static async Task<string> BadRunAsync(HttpClient client, string agent)
    {
        var (_, run) = await HttpJson.PostAsync(client, "/api/v1/runs",
            JsonSerializer.Serialize(new { agentId = agent, input = new { subject = "where is my order", body = "it is late" } }));
        var runId = run.GetProperty("id").GetString()!;
        var (recorded, body) = await HttpJson.PostAsync(client, "/api/v1/actions", Refund.Replace("AGENT", agent, StringComparison.Ordinal).Replace("RUN", runId, StringComparison.Ordinal));
        Assert.True(recorded.IsSuccessStatusCode, body.ToString());
        return runId;
    }

    private static async Task ReportAsync(HttpClient client, string caseId, string release, bool passed, params string[] failures)
    {
        var (response, body) = await HttpJson.PostAsync(client, "/api/v1/regression/results",
            JsonSerializer.Serialize(new { caseId, releaseId = release, passed, failures }));
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
    }
}
