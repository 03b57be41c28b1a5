using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Client;
using Firebreak.Compensation;
using Firebreak.Ledger;
using SupportDesk.Agent.Tools;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Compensation;

/// <summary>
/// The exactly-once promise under <c>kill -9</c>: the Firebreak server, which runs the compensation runner, is killed
/// at a random moment of each of 50 runs and restarted; every planned reversal must take effect once, checked against
/// the backend's own counters and each refund's reversal. Each run's seed is logged, so a failure replays.
/// </summary>
public sealed class CompensationCrashTests
{
    private const string OperatorKey = "fbk_supportdesk_crash_operator";
    private const int Runs = 50;
    private const int RefundsPerRun = 4;
    private const int Orders = 40;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KillingTheRunnerAtRandomPoints_LeavesEveryReversalDoneOnce_NoneTwice_NoneMissed()
    {
        using var total = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        total.CancelAfter(TimeSpan.FromMinutes(12));
        using var directory = new TempDirectory("supportdesk-tests");
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", Orders.ToString(CultureInfo.InvariantCulture)], total.Token);
        using var desk = backend.Client();
        var settings = new Dictionary<string, string>
        {
            ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
            ["Firebreak:RegistryFile"] = Path.Combine(RepositoryPaths.Root, "samples", "SupportDesk", "registry.json"),
            ["Firebreak:Storage:Provider"] = "sqlite",
            ["Firebreak:Storage:ConnectionString"] = directory.File("firebreak.db"),
            ["Firebreak:Compensation:Endpoints:supportdesk"] = backend.Address.ToString(),
            ["Firebreak:Compensation:RetryBackoff"] = "00:00:00.010",
        };
        ServiceProcess? server = await ServiceProcess.StartServerAsync(settings, total.Token);

        // Consecutive seeds give correlated first draws; each run's seed comes from one logged master seed instead.
        var baseSeed = Environment.TickCount;
        var seeds = new Random(baseSeed);
        TestContext.Current.TestOutputHelper?.WriteLine($"master seed {baseSeed}");
        var refundIds = new List<string>();
        var elapsed = Stopwatch.StartNew();
        try
        {
            for (var run = 0; run < Runs; run++)
            {
                var seed = seeds.Next();
                var random = new Random(seed);
                var killAfter = TimeSpan.FromMilliseconds(random.Next(0, 150));
                TestContext.Current.TestOutputHelper?.WriteLine($"run {run}: seed {seed}, kill after {killAfter.TotalMilliseconds} ms");
                using var client = FirebreakClient.Create(server!.Address, OperatorKey);
                var correlation = $"crash-{run}";
                refundIds.AddRange(await RefundAsync(desk, client, correlation, run, total.Token));
                var plan = await client.PlanCompensationAsync(
                    new CompensationPlanRequest(new BlastRadiusSelection(CorrelationIds: [correlation]), MaxConcurrency: 1 + random.Next(4), RatePerSecond: 200),
                    total.Token);
                Assert.Equal(RefundsPerRun, plan.Items.Count(i => i.State == CompensationItemState.Planned));
                await client.ApproveCompensationAsync(plan.Run.Id, total.Token);
                await client.ExecuteCompensationAsync(plan.Run.Id, total.Token);

                await Task.Delay(killAfter, total.Token);
                await server.DisposeAsync();
                server = null;
                server = await ServiceProcess.StartServerAsync(settings, total.Token);

                using var restarted = FirebreakClient.Create(server.Address, OperatorKey);
                var done = await CompensationEndToEndTests.WaitForCompletionAsync(restarted, plan.Run.Id);
                Assert.True(
                    done.Items.All(i => i.State == CompensationItemState.Done),
                    $"run {run} (seed {seed}): {string.Join("; ", done.Items.Select(i => $"{i.IdempotencyKey} {i.State} {i.Error}"))}");
            }

            var counters = await desk.CountersAsync(total.Token);
            TestContext.Current.TestOutputHelper?.WriteLine($"{Runs} kills in {elapsed.Elapsed.TotalSeconds:N0} s; counters {counters}");
            Assert.Equal(Runs * RefundsPerRun, counters.Refunds);
            Assert.Equal(Runs * RefundsPerRun, counters.Reversals);
            foreach (var id in refundIds)
            {
                var refund = await desk.GetFromJsonAsync<JsonElement>(new Uri($"/refunds/{id}", UriKind.Relative), DeskHttp.Json, total.Token);
                Assert.Equal(JsonValueKind.String, refund.GetProperty("reversalId").ValueKind);
            }
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Refunds directly on the backend and records each as the agent's executed action, as the guard would.</summary>
    private static async Task<IReadOnlyList<string>> RefundAsync(HttpClient desk, FirebreakClient client, string correlation, int run, CancellationToken cancellationToken)
    {
        var ids = new List<string>(RefundsPerRun);
        for (var i = 0; i < RefundsPerRun; i++)
        {
            var key = $"{correlation}/refund-{i}";
            var order = $"o-{((run * RefundsPerRun) + i) % Orders + 1}";
            var arguments = JsonSerializer.SerializeToElement(new { orderId = order, amount = 1m, currency = "USD" }, DeskHttp.Json);
            using var response = await desk.PostAsync("/refunds", arguments, key, cancellationToken);
            response.EnsureSuccessStatusCode();
            var refund = await response.ReadAsync<JsonElement>(cancellationToken);
            ids.Add(refund.GetProperty("id").GetString()!);
            await client.RecordActionAsync(
                new RecordActionRequest(
                    "support", key, SupportToolNames.IssueRefund, arguments, ActionOutcome.Executed, Result: refund,
                    Entities: [$"order:{order}"], Amount: 1m, Currency: "USD", CorrelationId: correlation),
                cancellationToken);
        }

        return ids;
    }
}
