using System.Diagnostics;
using System.Globalization;
using Firebreak.Client;
using Firebreak.Control;
using Firebreak.Releases;

namespace Firebreak.Benchmarks;

/// <summary>
/// Control propagation to real enforcement points: N <see cref="AgentGuard"/>s, spread over several processes, each
/// with its own stream connection, subscribe to a running server; the harness then flips the agent between killed
/// and normal, and for every change measures the time from sending the request to each point's acknowledgement
/// (the server's per-point latency, measured from its push) and to the response that reports all of them confirmed.
/// </summary>
internal static class PropagationHarness
{
    public static async Task<int> RunAsync(Uri server, string key, int points, int processes, int changes)
    {
        var (children, perProcess) = StartChildren(server, key, points, processes);
        var local = await StartGuardsAsync(server, key, points - (perProcess * (processes - 1)), "p0");
        using var client = FirebreakClient.Create(server, key);
        try
        {
            await WaitForPointsAsync(client, points);
            var pointLatencies = new List<double>();
            var roundTrips = new List<double>();
            var unconfirmed = 0;
            for (var i = 0; i < changes; i++)
            {
                var mode = i % 2 == 0 ? ControlMode.Killed : ControlMode.Normal;
                var sent = Stopwatch.GetTimestamp();
                var result = await client.ChangeControlAsync(
                    new ControlChangeRequest(ControlTarget.Agent, "propagation benchmark", mode, "support"), TimeSpan.FromSeconds(5));
                roundTrips.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                unconfirmed += result.Unconfirmed;
                pointLatencies.AddRange(result.Confirmations.Where(c => c.Confirmed && c.LatencyMs is not null).Select(c => c.LatencyMs!.Value));
            }

            Console.WriteLine($"# control propagation: {points} enforcement points in {processes} processes, {changes} changes");
            Console.WriteLine("| measure | count | p50 ms | p99 ms | max ms |");
            Console.WriteLine("|---|---|---|---|---|");
            Print("push → point acknowledged (per point)", pointLatencies);
            Print("request sent → response with all confirmations", roundTrips);
            Console.WriteLine($"unconfirmed point-changes: {unconfirmed}");
            return unconfirmed == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var guard in local)
            {
                await guard.DisposeAsync();
            }

            foreach (var child in children)
            {
                child.Kill(entireProcessTree: true);
                child.Dispose();
            }
        }
    }

    /// <summary>
    /// Rollback to confirmation: with the same points connected, activates release B over A and rolls back to A,
    /// <paramref name="rollbacks"/> times, timing each rollback from sending the request to the response that reports
    /// every point's acknowledgement of the new routing, and each point's acknowledgement from the push.
    /// </summary>
    public static async Task<int> RunRollbackAsync(Uri server, string key, int points, int processes, int rollbacks)
    {
        var (children, perProcess) = StartChildren(server, key, points, processes);
        var local = await StartGuardsAsync(server, key, points - (perProcess * (processes - 1)), "p0");
        using var client = FirebreakClient.Create(server, key);
        try
        {
            await WaitForPointsAsync(client, points);
            var stamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var good = await client.CreateReleaseAsync(Release($"rollback benchmark {stamp}: good"));
            var bad = await client.CreateReleaseAsync(Release($"rollback benchmark {stamp}: bad"));
            await client.ActivateReleaseAsync("support", new ActivateReleaseRequest(good.Id, "rollback benchmark baseline"), TimeSpan.Zero);
            var pointLatencies = new List<double>();
            var roundTrips = new List<double>();
            var unconfirmed = 0;
            for (var i = 0; i < rollbacks; i++)
            {
                await client.ActivateReleaseAsync("support", new ActivateReleaseRequest(bad.Id, "rollback benchmark"), TimeSpan.FromSeconds(5));
                var sent = Stopwatch.GetTimestamp();
                var result = await client.RollbackReleaseAsync("support", new RollbackRequest("rollback benchmark"), TimeSpan.FromSeconds(5));
                roundTrips.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                unconfirmed += result.Unconfirmed;
                pointLatencies.AddRange(result.Confirmations.Where(c => c.Confirmed && c.LatencyMs is not null).Select(c => c.LatencyMs!.Value));
            }

            Console.WriteLine($"# rollback: {points} enforcement points in {processes} processes, {rollbacks} rollbacks");
            Console.WriteLine("| measure | count | p50 ms | p99 ms | max ms |");
            Console.WriteLine("|---|---|---|---|---|");
            Print("push → point acknowledged the rolled-back release (per point)", pointLatencies);
            Print("rollback command sent → response with all confirmations", roundTrips);
            Console.WriteLine($"unconfirmed point-rollbacks: {unconfirmed}");
            return unconfirmed == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var guard in local)
            {
                await guard.DisposeAsync();
            }

            foreach (var child in children)
            {
                child.Kill(entireProcessTree: true);
                child.Dispose();
            }
        }
    }

    /// <summary>A child process's share of the points: they stay subscribed until the parent kills the process.</summary>
    public static async Task<int> HostPointsAsync(Uri server, string key, int count, string prefix)
    {
        await StartGuardsAsync(server, key, count, prefix);
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    /// <summary>Starts the child processes that host all but this process's share of the points.</summary>
    private static (List<Process> Children, int PerProcess) StartChildren(Uri server, string key, int points, int processes)
    {
        var perProcess = (int)Math.Ceiling(points / (double)processes);
        var children = new List<Process>();
        for (var p = 1; p < processes; p++)
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
            foreach (var arg in new[] { typeof(PropagationHarness).Assembly.Location, "points", server.ToString(), key, perProcess.ToString(CultureInfo.InvariantCulture), $"p{p}" })
            {
                start.ArgumentList.Add(arg);
            }

            children.Add(Process.Start(start)!);
        }

        return (children, perProcess);
    }

    private static CreateReleaseRequest Release(string prompt) =>
        new("support", new ReleaseModel("scripted-support", "scripted"), new Dictionary<string, string>(StringComparer.Ordinal) { ["system"] = prompt });

    private static async Task<List<AgentGuard>> StartGuardsAsync(Uri server, string key, int count, string prefix)
    {
        var guards = new List<AgentGuard>(count);
        for (var i = 0; i < count; i++)
        {
            guards.Add(await AgentGuard.StartAsync(new AgentGuardOptions
            {
                ServerUrl = server,
                ApiKey = key,
                AgentId = "support",
                PointId = $"bench-{prefix}-{i}",
                Host = $"bench-{prefix}",
                Version = "bench",
            }));
        }

        return guards;
    }

    private static async Task WaitForPointsAsync(FirebreakClient client, int points)
    {
        var deadline = Stopwatch.StartNew();
        while ((await client.ListEnforcementPointsAsync()).Count(p => p.Connected) < points)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Fewer than {points} enforcement points connected within 60 s.");
            }

            await Task.Delay(200);
        }
    }

    private static void Print(string measure, List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {measure} | {sorted.Length:N0} | {At(0.50):0.00} | {At(0.99):0.00} | {(sorted.Length == 0 ? 0 : sorted[^1]):0.00} |"));
    }
}
