using System.Net;
using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Ledger;
using Firebreak.Server.Tests.Incidents;

namespace Firebreak.Server.Tests.Similarity;

/// <summary>
/// The done-when of similar-case search, through the real server: a refund storm is recorded and declared as an
/// incident; days later a second storm refunds other amounts on other tickets, and asking for the runs similar to one of
/// its runs lists the first storm's runs, with their incident, before the agent's ordinary runs.
/// </summary>
public sealed class SecondRefundStormTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASecondRefundStorm_ListsTheFirstOnesRunsAndIncident_AsSimilar()
    {
        await using var host = new IncidentHost();
        var ordinary = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ordinary.Add(await RunAsync(host, $"ordinary-{i}", ("lookup_order", new { ticket = 500 + i }), ("send_email", new { ticket = 500 + i, body = "On its way." }), ("close_ticket", new { ticket = 500 + i })));
        }

        host.Time.Advance(TimeSpan.FromMinutes(5));
        var windowStart = host.Time.GetUtcNow();
        var firstStorm = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            firstStorm.Add(await StormRunAsync(host, $"storm1-{i}", ticket: 1000 + i, amount: 40m));
            host.Time.Advance(TimeSpan.FromSeconds(20));
        }

        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", new
        {
            title = "Support agent refunds $40 on tickets that asked for none",
            agents = IncidentLifecycleApiTests.SupportOnly,
            failureClass = "intent-misclassification",
            commander = "dana",
            severity = "SEV2",
            tool = "issue_refund",
            windowStart,
        });
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/analysis", new { windowEnd = host.Time.GetUtcNow() });

        host.Time.Advance(TimeSpan.FromDays(3));
        var secondStorm = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            secondStorm.Add(await StormRunAsync(host, $"storm2-{i}", ticket: 7000 + (i * 13), amount: 17.5m + i));
            host.Time.Advance(TimeSpan.FromSeconds(20));
        }

        using var answer = JsonDocument.Parse(await host.GetTextAsync($"/api/v1/runs/{secondStorm[^1]}/similar?limit=50"));
        var root = answer.RootElement;
        var similar = root.GetProperty("similar").EnumerateArray().ToList();

        var listed = similar.Select(r => r.GetProperty("runId").GetString()!).ToList();
        Assert.Superset(firstStorm.ToHashSet(), listed.ToHashSet());
        var first = similar.Where(r => firstStorm.Contains(r.GetProperty("runId").GetString()!)).ToList();
        Assert.All(first, r =>
        {
            Assert.Equal(1.0, r.GetProperty("score").GetDouble());
            Assert.True(r.GetProperty("sameSignature").GetBoolean());
            Assert.Contains("INC-1", r.GetProperty("incidents").EnumerateArray().Select(e => e.GetString()));
            Assert.Contains("argument-shapes", r.GetProperty("matched").EnumerateArray().Select(e => e.GetString()));
        });

        // The ordinary runs share the lookup and the close but not the refund: listed, lower, after every storm run.
        var lastStorm = listed.FindLastIndex(id => firstStorm.Contains(id) || secondStorm.Contains(id));
        Assert.All(ordinary, id => Assert.True(listed.IndexOf(id) > lastStorm, $"{id} is listed at {listed.IndexOf(id)}, before a storm run."));
        Assert.All(similar.Where(r => ordinary.Contains(r.GetProperty("runId").GetString()!)), r => Assert.InRange(r.GetProperty("score").GetDouble(), 0.4, 0.99));

        var incident = Assert.Single(root.GetProperty("incidents").EnumerateArray(), i => i.GetProperty("id").GetString() == "INC-1");
        Assert.Equal("Support agent refunds $40 on tickets that asked for none", incident.GetProperty("title").GetString());
        Assert.Contains("window", incident.GetProperty("links").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(root.GetProperty("hash").GetString(), first[0].GetProperty("hash").GetString());
    }

    [Theory]
    [InlineData("/api/v1/runs/run_missing/similar", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/runs/{run}/similar?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/runs/{run}/similar?limit=101", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/runs/{run}/similar?limit=many", HttpStatusCode.BadRequest)]
    public async Task BadRequests_GetProblemDetails(string path, HttpStatusCode expected)
    {
        await using var host = new IncidentHost();
        var run = await StormRunAsync(host, "one", 1, 40m);

        using var response = await host.Client.GetAsync(new Uri(path.Replace("{run}", run, StringComparison.Ordinal), UriKind.Relative), Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static Task<string> StormRunAsync(IncidentHost host, string key, int ticket, decimal amount) =>
        RunAsync(host, key, ("lookup_order", new { ticket }), ("issue_refund", new { ticket, amount }), ("close_ticket", new { ticket }));

    private static async Task<string> RunAsync(IncidentHost host, string key, params (string Tool, object Arguments)[] calls)
    {
        var run = await host.PostOkAsync<RunRecord>("/api/v1/runs", new { agentId = "support" });
        for (var i = 0; i < calls.Length; i++)
        {
            await host.PostOkAsync<ActionRecord>("/api/v1/actions", new
            {
                agentId = "support",
                idempotencyKey = $"{key}-{i}",
                tool = calls[i].Tool,
                arguments = calls[i].Arguments,
                outcome = "executed",
                runId = run.Id,
            });
        }

        await host.PostOkAsync<RunRecord>($"/api/v1/runs/{run.Id}/end", new { status = "completed" });
        return run.Id;
    }
}
