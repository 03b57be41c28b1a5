using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Client;
using Firebreak.Control;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Control;

/// <summary>
/// Three real Firebreak processes on one real PostgreSQL, .NET SDK guards spread over them and recording actions on all
/// three. One node is killed with SIGKILL: its guards move to the others under the same point ids and keys within their
/// lease, a kill issued through a surviving node while they move is confirmed by every point, and no acknowledged action
/// is lost.
/// </summary>
public sealed class ThreeNodeFailoverTests(PostgresFixture postgres)
{
    private const string OperatorKey = "fbk_failover_operator_key";
    private const int GuardsPerNode = 2;

    [Fact]
    public async Task KillNineOfOneNode_MovesItsPointsWithinTheirLease_AndAKillDuringTheMoveIsConfirmedByEveryPoint()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string>
        {
            ["Firebreak:Storage:Provider"] = "postgres",
            ["Firebreak:Storage:ConnectionString"] = await postgres.Server.CreateDatabaseAsync(cancellationToken: ct),
            ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
            ["Firebreak:RegistryFile"] = RepositoryPaths.SampleRegistry,
        };
        var nodes = new List<ServiceProcess>();
        var guards = new List<AgentGuard>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                nodes.Add(await ServiceProcess.StartServerAsync(settings, ct));
            }

            using var survivor = nodes[0].Client(OperatorKey);
            var (_, created) = await HttpJson.PostAsync(survivor, "/api/v1/keys", """{"name":"support-guards","role":"agent","agentId":"support"}""");
            var agentKey = created.GetProperty("key").GetString()!;

            // Each guard starts on its home node and lists the other two after it, so the victim's guards spread out.
            for (var i = 0; i < 3 * GuardsPerNode; i++)
            {
                var home = i % 3;
                guards.Add(await AgentGuard.StartAsync(
                    new AgentGuardOptions
                    {
                        AgentId = "support",
                        ApiKey = agentKey,
                        PointId = $"support-g{i}",
                        Host = "failover-test",
                        ServerUrls = [nodes[home].Address, nodes[(home + 1) % 3].Address, nodes[(home + 2) % 3].Address],
                    },
                    ct));
            }

            var before = await WaitForPointsAsync(survivor, points => points.Count == guards.Count && points.All(p => p.Connected), ct);
            Assert.Equal(3, before.Select(p => p.Node).Distinct().Count());
            var victimNode = before.Single(p => p.PointId == "support-g1").Node;
            var moving = before.Where(p => p.Node == victimNode).Select(p => p.PointId).ToHashSet();
            Assert.Equal(GuardsPerNode, moving.Count);

            var acknowledged = new ConcurrentBag<string>();
            var attempted = 0;
            using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var writers = guards.Select((guard, g) => Task.Run(() => WriteAsync(guard, g, acknowledged, () => Interlocked.Increment(ref attempted), stopWriting.Token), ct)).ToList();
            await WaitUntilAsync(() => acknowledged.Count >= 300, ct);

            using var watchLeases = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var staleLeases = Task.Run(() => WatchLeasesAsync(guards, watchLeases.Token), ct);
            await nodes[1].KillAsync(ct);
            var acknowledgedAtKill = acknowledged.Count;

            var (response, change) = await HttpJson.PostAsync(
                survivor,
                "/api/v1/control/changes?wait=30000",
                """{"target":"tools","agentId":"support","tools":["send_email"],"mode":"killed","reason":"failover drill"}""");

            Assert.True(response.IsSuccessStatusCode, change.GetRawText());
            var confirmations = change.GetProperty("confirmations").EnumerateArray().ToList();
            Assert.Equal(guards.Select(g => g.PointId).Order(StringComparer.Ordinal), confirmations.Select(c => c.GetProperty("pointId").GetString()!).Order(StringComparer.Ordinal));
            Assert.All(confirmations, c => Assert.True(c.GetProperty("confirmed").GetBoolean(), c.GetRawText()));

            var after = await WaitForPointsAsync(survivor, points => points.Count == guards.Count && points.All(p => p.Connected && p.Node != victimNode), ct);
            Assert.Equal(guards.Select(g => g.PointId).Order(StringComparer.Ordinal), after.Select(p => p.PointId));
            Assert.All(guards, g => Assert.True(g.Epoch >= change.GetProperty("epoch").GetInt64()));

            await WaitUntilAsync(() => acknowledged.Count >= acknowledgedAtKill + 300, ct);
            await stopWriting.CancelAsync();
            await Task.WhenAll(writers);
            await watchLeases.CancelAsync();
            Assert.Empty(await staleLeases);

            var stored = await StoredKeysAsync(survivor, ct);
            var lost = acknowledged.Where(k => !stored.Contains(k)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged actions were lost, e.g. {string.Join(", ", lost.Take(5))}");
            var verification = await survivor.GetFromJsonAsync<LedgerVerification>(new Uri("/api/v1/ledger/verify", UriKind.Relative), FirebreakJson.Options, ct);
            Assert.True(verification!.Valid, verification.Reason);
            var slowest = confirmations.Max(c => c.GetProperty("latencyMs").GetDouble());
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"acknowledged {acknowledged.Count} ({acknowledgedAtKill} before the kill), attempted {attempted}, moved {string.Join(", ", moving)}, kill confirmed by all {confirmations.Count} points after {slowest:F0} ms");
        }
        finally
        {
            foreach (var guard in guards)
            {
                await guard.DisposeAsync();
            }

            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>Records read actions through the guard's client, which follows the guard to whichever node it is on.</summary>
    private static async Task WriteAsync(AgentGuard guard, int writer, ConcurrentBag<string> acknowledged, Action attempt, CancellationToken stop)
    {
        using var arguments = JsonDocument.Parse("""{"orderId":"A-1"}""");
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var key = $"g{writer}-{i}";
            attempt();
            try
            {
                await guard.Client.RecordActionAsync(new RecordActionRequest("support", key, "lookup_order", arguments.RootElement.Clone(), ActionOutcome.Executed), stop);
                acknowledged.Add(key);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                // The node died mid-request: this one was never acknowledged. The next goes to the next node.
            }
        }
    }

    /// <summary>The guards whose lease went stale while watched, sampled well inside a heartbeat interval.</summary>
    private static async Task<List<string>> WatchLeasesAsync(IReadOnlyList<AgentGuard> guards, CancellationToken stop)
    {
        var stale = new HashSet<string>(StringComparer.Ordinal);
        while (!stop.IsCancellationRequested)
        {
            stale.UnionWith(guards.Where(g => g.LeaseState == LeaseState.Stale).Select(g => g.PointId));
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return [.. stale];
    }

    private static async Task<List<EnforcementPointInfo>> WaitForPointsAsync(HttpClient client, Func<List<EnforcementPointInfo>, bool> condition, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var points = await client.GetFromJsonAsync<List<EnforcementPointInfo>>(new Uri("/api/v1/enforcement-points", UriKind.Relative), FirebreakJson.Options, deadline.Token);
            if (condition(points!))
            {
                return points!;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(120));
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    private static async Task<HashSet<string>> StoredKeysAsync(HttpClient client, CancellationToken ct)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        long? before = null;
        while (true)
        {
            var url = "/api/v1/actions?agent=support&limit=500" + (before is { } b ? $"&before={b}" : string.Empty);
            var page = await client.GetFromJsonAsync<List<ActionRecord>>(new Uri(url, UriKind.Relative), FirebreakJson.Options, ct);
            if (page is null or { Count: 0 })
            {
                return stored;
            }

            stored.UnionWith(page.Select(a => a.IdempotencyKey));
            before = page[^1].Seq;
        }
    }
}
