using System.Diagnostics;
using System.Globalization;
using System.Net;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Security;

/// <summary>
/// An agent key that tries operator power, against the real server process: every refused attempt is counted on
/// <c>/metrics</c>, logged with the key id, and listed for the agent's page; so is a ci key's, for each of its agents.
/// A viewer's refusals are not an agent's.
/// </summary>
public sealed class AgentKeyRefusalTests : IDisposable
{
    private const string OperatorKey = "fbk_refusals_operator";
    private const string ControlChanges = "/api/v1/control/changes";
    private const string Approve = "/api/v1/approvals/{id}/approve";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AnAgentKeyThatTriesOperatorPower_IsCountedLoggedAndListedWithItsKeyId()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(ct);
        using var operatorClient = server.Client(OperatorKey);
        var (_, agentKey) = await HttpJson.PostAsync(operatorClient, "/api/v1/keys", """{"name":"support-agent","role":"agent","agentId":"support"}""");
        var (_, viewerKey) = await HttpJson.PostAsync(operatorClient, "/api/v1/keys", """{"name":"dashboard","role":"viewer"}""");
        var keyId = agentKey.GetProperty("id").GetString()!;
        using var agent = server.Client(agentKey.GetProperty("key").GetString()!);
        using var viewer = server.Client(viewerKey.GetProperty("key").GetString()!);
        var (_, approval) = await HttpJson.PostAsync(agent, "/api/v1/approvals",
            """{"agentId":"support","tool":"issue_refund","arguments":{"orderId":"o-1","amount":900},"idempotencyKey":"self-approve","controlEpoch":0}""");

        var (kill, _) = await HttpJson.PostAsync(agent, ControlChanges, """{"target":"agent","agentId":"other","mode":"killed","reason":"mischief"}""");
        var (selfApprove, _) = await HttpJson.PostAsync(agent, $"/api/v1/approvals/{approval.GetProperty("id").GetString()}/approve", """{"reason":"looks fine to me"}""");
        var (lift, _) = await HttpJson.PostAsync(agent, ControlChanges, """{"target":"agent","agentId":"support","mode":"normal","reason":"I feel better"}""");
        var (viewerKill, _) = await HttpJson.PostAsync(viewer, ControlChanges, """{"target":"agent","agentId":"support","mode":"killed","reason":"not mine to do"}""");

        Assert.Equal(HttpStatusCode.Forbidden, kill.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, selfApprove.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, lift.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerKill.StatusCode);

        var metrics = await operatorClient.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct);
        Assert.Equal(2, Counted(metrics, ControlChanges));
        Assert.Equal(1, Counted(metrics, Approve));

        var (listed, refusals) = await HttpJson.GetAsync(operatorClient, "/api/v1/agents/support/refusals");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(3, refusals.GetProperty("total").GetInt64());
        var recent = refusals.GetProperty("recent").EnumerateArray().ToList();
        Assert.Equal([ControlChanges, Approve, ControlChanges], recent.Select(r => r.GetProperty("route").GetString()));
        Assert.All(recent, r => Assert.Equal(keyId, r.GetProperty("keyId").GetString()));
        Assert.All(recent, r => Assert.Equal("POST", r.GetProperty("method").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await HttpJson.GetAsync(viewer, "/api/v1/agents/support/refusals")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await HttpJson.GetAsync(agent, "/api/v1/agents/support/refusals")).Response.StatusCode);

        var logged = await LoggedAsync(server, $"Refused POST {Approve} to key {keyId}", ct);
        Assert.True(logged, $"The refusal was not logged with the key id:\n{server.Output}");
        Assert.DoesNotContain("dashboard, role viewer", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACiKeyThatTriesToLiftAKillOrRecordActions_IsCountedAndListedForItsAgent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(ct);
        using var operatorClient = server.Client(OperatorKey);
        var (_, ciKey) = await HttpJson.PostAsync(operatorClient, "/api/v1/keys", """{"name":"pipeline","role":"ci","agentIds":["support"]}""");
        using var ci = server.Client(ciKey.GetProperty("key").GetString()!);

        var (lift, _) = await HttpJson.PostAsync(ci, ControlChanges, """{"target":"agent","agentId":"support","mode":"normal","reason":"the build is green"}""");
        var (record, _) = await HttpJson.PostAsync(ci, "/api/v1/actions",
            """{"agentId":"support","runId":"r-ci","tool":"issue_refund","idempotencyKey":"ci-refund","arguments":{"amount":40},"outcome":"executed"}""");

        Assert.Equal(HttpStatusCode.Forbidden, lift.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, record.StatusCode);
        var (_, refusals) = await HttpJson.GetAsync(operatorClient, "/api/v1/agents/support/refusals");
        var recent = refusals.GetProperty("recent").EnumerateArray().ToList();
        Assert.Equal(2, recent.Count);
        Assert.All(recent, r => Assert.Equal(ciKey.GetProperty("id").GetString(), r.GetProperty("keyId").GetString()));
        Assert.All(recent, r => Assert.Equal("ci", r.GetProperty("role").GetString()));
        Assert.Equal(1, Counted(await operatorClient.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct), ControlChanges));
    }

    private Task<ServiceProcess> StartAsync(CancellationToken cancellationToken) =>
        ServiceProcess.StartServerAsync(
            new Dictionary<string, string>
            {
                ["Firebreak:Storage:Provider"] = "sqlite",
                ["Firebreak:Storage:ConnectionString"] = _directory.File("firebreak.db"),
                ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
                ["Firebreak:RegistryFile"] = RepositoryPaths.SampleRegistry,
            },
            cancellationToken);

    /// <summary>The value of the refusal counter of the support agent's POSTs to <paramref name="route"/>, from the Prometheus text.</summary>
    private static long Counted(string metrics, string route) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith("firebreak_security_refusals_total{", StringComparison.Ordinal)
                && line.Contains("agent=\"support\"", StringComparison.Ordinal)
                && line.Contains($"route=\"{route}\"", StringComparison.Ordinal))
            .Sum(line => long.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    /// <summary>Whether the server logged <paramref name="text"/>; the console logger writes asynchronously, so it may take a moment.</summary>
    private static async Task<bool> LoggedAsync(ServiceProcess server, string text, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!server.Output.Contains(text, StringComparison.Ordinal))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                return false;
            }

            await Task.Delay(50, cancellationToken);
        }

        return true;
    }
}
