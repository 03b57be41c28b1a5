using System.Net;
using System.Text.Json;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Compensation;

/// <summary>Marking runs toxic through the real server: flagged on records and traces, refused by regression capture, on the incident timeline.</summary>
public sealed class ToxicApiTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task AToxicRun_IsFlaggedOnItsRecordAndTrace_RefusedAsARegressionCase_AndLandsOnTheIncidentTimeline()
    {
        using var client = app.Operator();
        var agent = await RegisterAgentAsync(client, "toxic-flag");
        var since = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        var toxic = await RefundRunAsync(client, agent, "k-toxic");
        var clean = await RefundRunAsync(client, agent, "k-clean");
        var incident = await HttpJson.DeclareIncidentAsync(client);

        var (marked, marking) = await HttpJson.PostAsync(client, "/api/v1/runs/toxic",
            $$"""{"selection":{"agents":["{{agent}}"],"runIds":["{{toxic}}"],"since":"{{since}}","incidentId":"{{incident}}"},"reason":"memory poisoned by a forged ticket"}""");
        var (_, record) = await HttpJson.GetAsync(client, $"/api/v1/runs/{toxic}");
        var (_, trace) = await HttpJson.GetAsync(client, $"/api/v1/runs/{toxic}/trace");
        var (_, cleanRecord) = await HttpJson.GetAsync(client, $"/api/v1/runs/{clean}");
        var (refused, problem) = await HttpJson.PostAsync(client, "/api/v1/regression/cases",
            $$"""{"fromRunId":"{{toxic}}","assertions":[{"kind":"must_not_call","tool":"issue_refund"}]}""");
        var (captured, _) = await HttpJson.PostAsync(client, "/api/v1/regression/cases",
            $$"""{"fromRunId":"{{clean}}","assertions":[{"kind":"must_not_call","tool":"issue_refund"}]}""");

        Assert.True(marked.StatusCode == HttpStatusCode.OK, marking.ToString());
        Assert.Equal(1, marking.GetProperty("selected").GetInt32());
        Assert.Equal(1, marking.GetProperty("marked").GetInt32());
        Assert.Equal("memory poisoned by a forged ticket", record.GetProperty("toxic").GetProperty("reason").GetString());
        Assert.Equal(incident, record.GetProperty("toxic").GetProperty("incidentId").GetString());
        Assert.Equal("memory poisoned by a forged ticket", trace.GetProperty("run").GetProperty("toxic").GetProperty("reason").GetString());
        Assert.False(cleanRecord.TryGetProperty("toxic", out _));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("marked toxic", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, captured.StatusCode);
        var timeline = (await HttpJson.GetAsync(client, $"/api/v1/incidents/{incident}")).Body.GetProperty("timeline").EnumerateArray()
            .Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.Contains(timeline, t => t!.Contains("Marked 1 runs toxic", StringComparison.Ordinal) && t.Contains("memory poisoned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AToxicRun_CanBeCapturedAsANegativeCase_ThatForbidsItsRecordedRefund()
    {
        using var client = app.Operator();
        var agent = await RegisterAgentAsync(client, "toxic-negative");
        var toxic = await RefundRunAsync(client, agent, "k-negative");
        var incident = await HttpJson.DeclareIncidentAsync(client);
        await HttpJson.PostAsync(client, "/api/v1/runs/toxic", $$"""{"selection":{"runIds":["{{toxic}}"]},"reason":"goodwill refund on a question"}""");

        var (refused, problem) = await HttpJson.PostAsync(client, "/api/v1/regression/cases", $$"""{"fromRunId":"{{toxic}}","assertions":[]}""");
        var (created, negative) = await HttpJson.PostAsync(client, "/api/v1/regression/cases",
            $$"""{"fromRunId":"{{toxic}}","assertions":[],"negative":true,"negativeTools":["issue_refund"],"incidentId":"{{incident}}"}""");
        var (badTools, _) = await HttpJson.PostAsync(client, "/api/v1/regression/cases", $$"""{"fromRunId":"{{toxic}}","assertions":[],"negativeTools":["issue_refund"]}""");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("assertions", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.True(created.StatusCode == HttpStatusCode.Created, negative.ToString());
        var assertion = Assert.Single(negative.GetProperty("assertions").EnumerateArray());
        Assert.Equal("must_not_call_with", assertion.GetProperty("kind").GetString());
        Assert.Equal("issue_refund", assertion.GetProperty("tool").GetString());
        Assert.Equal(40, assertion.GetProperty("arguments").GetProperty("amount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, badTools.StatusCode);
        var timeline = (await HttpJson.GetAsync(client, $"/api/v1/incidents/{incident}")).Body.GetProperty("timeline").EnumerateArray()
            .Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.Contains(timeline, t => t!.Contains("captured negative regression case", StringComparison.Ordinal) && t.Contains("must not call issue_refund with", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"selection":{},"reason":"everything"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"selection":{"runIds":["r-1"]},"reason":" "}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"selection":{"runIds":["r-1"]}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"selection":{"incidentId":"INC-999999"},"reason":"x"}""", HttpStatusCode.NotFound)]
    public async Task ABadMarking_IsAProblem_AndMarksNothing(string body, HttpStatusCode expected)
    {
        using var client = app.Operator();

        var (response, _) = await HttpJson.PostAsync(client, "/api/v1/runs/toxic", body);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> RegisterAgentAsync(HttpClient client, string id)
    {
        var definition = JsonSerializer.Serialize(Samples.Support with { Id = id }, FirebreakJson.Options);
        var (response, body) = await HttpJson.SendAsync(client, "PUT", $"/api/v1/agents/{id}", definition);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return id;
    }

    private static async Task<string> RefundRunAsync(HttpClient client, string agent, string key)
    {
        var (_, run) = await HttpJson.PostAsync(client, "/api/v1/runs", JsonSerializer.Serialize(new { agentId = agent, input = new { subject = "refund?" } }));
        var runId = run.GetProperty("id").GetString()!;
        var (recorded, body) = await HttpJson.PostAsync(client, "/api/v1/actions", JsonSerializer.Serialize(new
        {
            agentId = agent,
            idempotencyKey = $"{key}-{runId}",
            tool = "issue_refund",
            arguments = new { orderId = "o-1", amount = 40, currency = "USD" },
            outcome = "executed",
            runId,
        }));
        Assert.True(recorded.IsSuccessStatusCode, body.ToString());
        return runId;
    }
}
