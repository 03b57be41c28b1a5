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
    /// <param name="server">The server's address.</param>
    /// <param name="key">An operator key; the server's <c>Firebreak:Control:MaxStreamsPerKey</c> must allow <paramref name="points"/> streams.</param>
    /// <param name="points">How many enforcement points to connect.</param>
    /// <param name="processes">How many processes host them.</param>
    /// <param name="changes">How many changes to time.</param>
    /// <param name="serverPid">The server's process id on this machine, to report its resident memory per connected point; <see langword="null"/> to skip.</param>
    public static Task<int> RunAsync(Uri server, string key, int points, int processes, int changes, int? serverPid = null) =>
        WithPointsAsync(server, key, points, processes, serverPid, async client =>
        {
            var tally = new ConfirmationTally();
            for (var i = 0; i < changes; i++)
            {
                var mode = i % 2 == 0 ? ControlMode.Killed : ControlMode.Normal;
                var sent = Stopwatch.GetTimestamp();
                var result = await client.ChangeControlAsync(
                    new ControlChangeRequest(ControlTarget.Agent, "propagation benchmark", mode, "support"), TimeSpan.FromSeconds(5));
                tally.Add(sent, result.Confirmations, result.Unconfirmed);
            }

            return tally.Report(
                $"control propagation: {points} enforcement points in {processes} processes, {changes} changes",
                "push → point acknowledged (per point)",
                "request sent → response with all confirmations",
                "unconfirmed point-changes");
        });

    /// <summary>
    /// Rollback to confirmation: with the same points connected, activates release B over A and rolls back to A,
    /// <paramref name="rollbacks"/> times, timing each rollback from sending the request to the response that reports
    /// every point's acknowledgement of the new routing, and each point's acknowledgement from the push.
    /// </summary>
    public static Task<int> RunRollbackAsync(Uri server, string key, int points, int processes, int rollbacks) =>
        WithPointsAsync(server, key, points, processes, serverPid: null, async client =>
        {
            var stamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var good = await client.CreateReleaseAsync(Release($"rollback benchmark {stamp}: good"));
            var bad = await client.CreateReleaseAsync(Release($"rollback benchmark {stamp}: bad"));
            await client.ActivateReleaseAsync("support", new ActivateReleaseRequest(good.Id, "rollback benchmark baseline"), TimeSpan.Zero);
            var tally = new ConfirmationTally();
            for (var i = 0; i < rollbacks; i++)
            {
                await client.ActivateReleaseAsync("support", new ActivateReleaseRequest(bad.Id, "rollback benchmark"), TimeSpan.FromSeconds(5));
                var sent = Stopwatch.GetTimestamp();
                var result = await client.RollbackReleaseAsync("support", new RollbackRequest("rollback benchmark"), TimeSpan.FromSeconds(5));
                tally.Add(sent, result.Confirmations, result.Unconfirmed);
            }

            return tally.Report(
                $"rollback: {points} enforcement points in {processes} processes, {rollbacks} rollbacks",
                "push → point acknowledged the rolled-back release (per point)",
                "rollback command sent → response with all confirmations",
                "unconfirmed point-rollbacks");
        });

    /// <summary>
    /// Connects <paramref name="points"/> enforcement points over <paramref name="processes"/> processes, waits until the
    /// server lists them all, runs <paramref name="measure"/>, and stops every point and child process afterwards.
    /// </summary>
    private static async Task<int> WithPointsAsync(Uri server, string key, int points, int processes, int? serverPid, Func<FirebreakClient, Task<int>> measure)
    {
        var before = serverPid is { } idle ? ResidentBytes(idle) : 0;
        var (children, perProcess) = StartChildren(server, key, points, processes);
        var local = await StartGuardsAsync(server, key, points - (perProcess * (processes - 1)), "p0");
        using var client = FirebreakClient.Create(server, key);
        try
        {
            await WaitForPointsAsync(client, points);
            if (serverPid is { } pid)
            {
                var after = ResidentBytes(pid);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"server resident memory: {before / 1048576.0:0.0} MiB before, {after / 1048576.0:0.0} MiB with {points} points connected: {(after - before) / 1024.0 / points:0.0} KiB per point"));
            }

            return await measure(client);
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

    /// <summary>The resident set of process <paramref name="pid"/> (<c>VmRSS</c> in <c>/proc/&lt;pid&gt;/status</c>), garbage the server has not collected yet included.</summary>
    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
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
}
