using System.Globalization;
using System.Text.Json;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Compensation;

/// <summary>A compensation run's integrity report summarizes the guardrail hits its agents recorded in its window.</summary>
public sealed class CompensationPolicyHitsApiTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task TheIntegrityReport_CountsTheGuardrailHitsInTheWindow_PerGuardrailAndVerdict()
    {
        using var client = app.Operator();
        var since = DateTimeOffset.UtcNow.AddMilliseconds(-1);
        var (_, run) = await HttpJson.PostAsync(client, "/api/v1/runs", """{"agentId":"support"}""");
        var runId = run.GetProperty("id").GetString();
        foreach (var (guardrail, category, verdict) in new[] { ("refund-cap", "policy", "block"), ("refund-cap", "policy", "block"), ("pii", "pii", "flag") })
        {
            var (stepped, body) = await HttpJson.PostAsync(client, $"/api/v1/runs/{runId}/steps", $$$"""
                {"kind":"guardrail","name":"{{{guardrail}}}","data":{"guardrail":"{{{guardrail}}}","category":"{{{category}}}","verdict":"{{{verdict}}}","stage":"arguments","detail":"seen","tool":"issue_refund"}}
                """);
            Assert.True(stepped.IsSuccessStatusCode, body.ToString());
        }

        var (recorded, _) = await HttpJson.PostAsync(client, "/api/v1/actions", JsonSerializer.Serialize(Samples.Refund($"hits-{Guid.NewGuid():N}"), FirebreakJson.Options));
        Assert.True(recorded.IsSuccessStatusCode);
        var until = DateTimeOffset.UtcNow.AddMilliseconds(1);
        var window = $$$"""{"selection":{"agents":["support"],"since":"{{{since.ToString("O", CultureInfo.InvariantCulture)}}}","until":"{{{until.ToString("O", CultureInfo.InvariantCulture)}}}"}}""";
        var (_, planned) = await HttpJson.PostAsync(client, "/api/v1/compensations", window);
        var id = planned.GetProperty("run").GetProperty("id").GetString();

        var (_, detail) = await HttpJson.GetAsync(client, $"/api/v1/compensations/{id}");

        var hits = detail.GetProperty("integrity").GetProperty("policyHits").EnumerateArray()
            .Select(h => (h.GetProperty("agentId").GetString(), h.GetProperty("guardrail").GetString(), h.GetProperty("verdict").GetString(), h.GetProperty("count").GetInt32()));
        Assert.Equal([("support", "refund-cap", "block", 2), ("support", "pii", "flag", 1)], hits);
    }
}
