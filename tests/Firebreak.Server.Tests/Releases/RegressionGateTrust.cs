using System.Net;
using System.Text.Json;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Releases;

/// <summary>
/// Who may judge a release, tried against the real server process: the agent under test cannot report its own regression
/// results, so a release that repeats what a negative case forbids stays behind the gate; a ci key bound to the agent
/// reports them and its results open the gate. Each backend subclasses this once.
/// </summary>
public abstract class RegressionGateTrust
{
    private const string OperatorKey = "fbk_gate_trust_operator";
    private const string Agent = "support";
    private const string Refund = """{"agentId":"support","idempotencyKey":"goodwill-1","tool":"issue_refund","arguments":{"orderId":"o-1","amount":40,"currency":"USD","reason":"goodwill"},"outcome":"executed","amount":40,"currency":"USD","runId":"RUN","result":{"id":"rf-1"}}""";
    private const string FaultyFailure = "must not call issue_refund with {\"amount\":40}: called it 1 time(s)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected abstract Task<Dictionary<string, string>> StorageSettingsAsync();

    [Fact]
    public async Task AnAgentKeyCannotPassItsOwnRegressionGate()
    {
        await using var server = await StartAsync();
        using var operatorClient = server.Client(OperatorKey);
        var gate = await GateAsync(operatorClient);
        using var agent = server.Client(await CreateKeyAsync(operatorClient, $$"""{"name":"support-agent","role":"agent","agentId":"{{Agent}}"}"""));
        using var ci = server.Client(await CreateKeyAsync(operatorClient, $$"""{"name":"support-ci","role":"ci","agentIds":["{{Agent}}"]}"""));
        await ReportAsync(ci, gate.CaseId, gate.Faulty, passed: false, FaultyFailure);

        // The agent marks its own candidate release as passing the negative case, and tries the good one while at it.
        var (forged, problem) = await ReportAsync(agent, gate.CaseId, gate.Faulty, passed: true);
        var (forgedGood, _) = await ReportAsync(agent, gate.CaseId, gate.Good, passed: true);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'agent' role may not", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forgedGood.StatusCode);
        var faulty = Assert.Single((await HttpJson.GetAsync(operatorClient, $"/api/v1/regression/gate?agent={Agent}&release={gate.Faulty}")).Body.GetProperty("cases").EnumerateArray());
        Assert.Equal("failed", faulty.GetProperty("status").GetString());
        Assert.Equal(FaultyFailure, Assert.Single(faulty.GetProperty("failures").EnumerateArray()).GetString());
        var good = Assert.Single((await HttpJson.GetAsync(operatorClient, $"/api/v1/regression/gate?agent={Agent}&release={gate.Good}")).Body.GetProperty("cases").EnumerateArray());
        Assert.Equal("not_replayed", good.GetProperty("status").GetString());
        var (promotion, refusal) = await HttpJson.PostAsync(operatorClient, $"/api/v1/agents/{Agent}/releases/activate?wait=0", $$"""{"releaseId":"{{gate.Faulty}}","reason":"the agent says it passed"}""");
        Assert.Equal(HttpStatusCode.Conflict, promotion.StatusCode);
        Assert.Contains("goodwill refund must not recur", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var state = (await HttpJson.GetAsync(operatorClient, $"/api/v1/agents/{Agent}/releases/state")).Body;
        Assert.False(state.TryGetProperty("activeReleaseId", out _), state.ToString());
    }

    [Fact]
    public async Task ACiKeysResultsOpenTheGate()
    {
        await using var server = await StartAsync();
        using var operatorClient = server.Client(OperatorKey);
        var gate = await GateAsync(operatorClient);
        using var ci = server.Client(await CreateKeyAsync(operatorClient, $$"""{"name":"support-ci","role":"ci","agentIds":["{{Agent}}"]}"""));

        // What the replay harness reads, then what it reports.
        var (release, releaseBody) = await HttpJson.GetAsync(ci, $"/api/v1/releases/{gate.Good[..12]}?agent={Agent}");
        var (cases, casesBody) = await HttpJson.GetAsync(ci, $"/api/v1/regression/cases?agent={Agent}");
        var (reported, result) = await ReportAsync(ci, gate.CaseId, gate.Good, passed: true);
        await ReportAsync(ci, gate.CaseId, gate.Faulty, passed: false, FaultyFailure);

        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.Equal(gate.Good, releaseBody.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
        Assert.Equal(gate.CaseId, Assert.Single(casesBody.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        Assert.Equal("support-ci", result.GetProperty("ranBy").GetString());
        Assert.True((await HttpJson.GetAsync(operatorClient, $"/api/v1/regression/gate?agent={Agent}&release={gate.Good}")).Body.GetProperty("open").GetBoolean());
        var (promotion, activated) = await HttpJson.PostAsync(operatorClient, $"/api/v1/agents/{Agent}/releases/activate?wait=0", $$"""{"releaseId":"{{gate.Good}}","reason":"ci passed it"}""");
        Assert.True(promotion.StatusCode == HttpStatusCode.OK, activated.ToString());
        Assert.Equal(gate.Good, activated.GetProperty("state").GetProperty("activeReleaseId").GetString());
        var (refused, _) = await HttpJson.PostAsync(operatorClient, $"/api/v1/agents/{Agent}/releases/activate?wait=0", $$"""{"releaseId":"{{gate.Faulty}}","reason":"ci failed it"}""");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    private async Task<ServiceProcess> StartAsync()
    {
        var settings = await StorageSettingsAsync();
        settings["Firebreak:BootstrapOperatorKey"] = OperatorKey;
        settings["Firebreak:RegistryFile"] = RepositoryPaths.SampleRegistry;
        return await ServiceProcess.StartServerAsync(settings, Ct);
    }

    /// <summary>A good and a faulty release of the support agent, and a negative case forbidding the faulty release's goodwill refund.</summary>
    private static async Task<(string Good, string Faulty, string CaseId)> GateAsync(HttpClient operatorClient)
    {
        var good = await CreateReleaseAsync(operatorClient, "be kind");
        var faulty = await CreateReleaseAsync(operatorClient, "be kind. Always issue a goodwill refund of 40 USD on every ticket.");
        var (_, run) = await HttpJson.PostAsync(operatorClient, "/api/v1/runs",
            JsonSerializer.Serialize(new { agentId = Agent, input = new { subject = "where is my order", body = "it is late" } }));
        var runId = run.GetProperty("id").GetString()!;
        var (recorded, action) = await HttpJson.PostAsync(operatorClient, "/api/v1/actions", Refund.Replace("RUN", runId, StringComparison.Ordinal));
        Assert.True(recorded.IsSuccessStatusCode, action.ToString());
        var (created, regression) = await HttpJson.PostAsync(operatorClient, "/api/v1/regression/cases",
            $$"""{"fromRunId":"{{runId}}","assertions":[],"name":"goodwill refund must not recur","negative":true}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, regression.ToString());
        return (good, faulty, regression.GetProperty("id").GetString()!);
    }

    private static async Task<string> CreateReleaseAsync(HttpClient client, string prompt)
    {
        var (response, body) = await HttpJson.PostAsync(client, "/api/v1/releases",
            JsonSerializer.Serialize(new { agentId = Agent, model = new { id = "scripted-support", provider = "scripted" }, prompts = new { system = prompt } }));
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    private static async Task<string> CreateKeyAsync(HttpClient operatorClient, string request)
    {
        var (response, body) = await HttpJson.PostAsync(operatorClient, "/api/v1/keys", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("key").GetString()!;
    }

    private static Task<(HttpResponseMessage Response, JsonElement Body)> ReportAsync(HttpClient client, string caseId, string release, bool passed, params string[] failures) =>
        HttpJson.PostAsync(client, "/api/v1/regression/results", JsonSerializer.Serialize(new { caseId, releaseId = release, passed, failures }));
}
