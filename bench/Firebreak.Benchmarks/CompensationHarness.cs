using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Client;
using Firebreak.Compensation;
using Firebreak.Ledger;

namespace Firebreak.Benchmarks;

/// <summary>
/// Compensation throughput end to end against a running Firebreak server and SupportDesk backend (as
/// <c>scripts/start.sh</c> brings them up): N real refunds on the backend, recorded as the agent's actions, then one
/// run planned, approved and executed; the figure is reversals per second from execute to completed, each one a
/// committed <c>started</c>, an idempotent POST, a verification GET and a committed <c>done</c>.
/// </summary>
internal static class CompensationHarness
{
    public static async Task<int> RunAsync(Uri server, string operatorKey, Uri backend, int actions, int[] concurrencies, int rate)
    {
        using var firebreak = FirebreakClient.Create(server, operatorKey);
        using var desk = new HttpClient { BaseAddress = backend };
        Console.WriteLine($"# compensation throughput, {actions} reversals per row, rate limit {rate}/s, {Environment.ProcessorCount} cores");
        Console.WriteLine("| concurrency | reversals | seconds | reversals/s | verified | failed |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var concurrency in concurrencies)
        {
            var correlation = $"bench-{Guid.NewGuid():N}";
            for (var i = 0; i < actions; i++)
            {
                var key = $"{correlation}/{i}";
                var arguments = JsonSerializer.SerializeToElement(new { orderId = $"o-{(i % 200) + 1}", amount = 0.01m, currency = "USD" });
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/refunds", UriKind.Relative)) { Content = JsonContent.Create(arguments) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await desk.SendAsync(request);
                response.EnsureSuccessStatusCode();
                var refund = await response.Content.ReadFromJsonAsync<JsonElement>();
                await firebreak.RecordActionAsync(new RecordActionRequest(
                    "support", key, "issue_refund", arguments, ActionOutcome.Executed, Result: refund, Amount: 0.01m, Currency: "USD", CorrelationId: correlation));
            }

            var plan = await firebreak.PlanCompensationAsync(new CompensationPlanRequest(new BlastRadiusSelection(CorrelationIds: [correlation]), concurrency, rate));
            await firebreak.ApproveCompensationAsync(plan.Run.Id);
            await firebreak.ExecuteCompensationAsync(plan.Run.Id);
            CompensationRunDetail detail;
            do
            {
                await Task.Delay(20);
                detail = await firebreak.GetCompensationAsync(plan.Run.Id);
            }
            while (detail.Run.Status != CompensationRunStatus.Completed);

            // The run's own clock, so the polling interval does not count.
            var seconds = (detail.Run.FinishedAt!.Value - detail.Run.StartedAt!.Value).TotalSeconds;
            Console.WriteLine($"| {concurrency} | {detail.Run.Progress.Done} | {seconds:N2} | {detail.Run.Progress.Done / seconds:N0} | {detail.Integrity.Verified} | {detail.Run.Progress.Failed} |");
        }

        return 0;
    }
}
