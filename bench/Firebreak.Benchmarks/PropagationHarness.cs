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
    /// <param name="servers">The servers' addresses: nodes sharing one PostgreSQL when more than one; the points are spread over them round-robin.</param>
    /// <param name="key">An operator key; each server's <c>Firebreak:Control:MaxStreamsPerKey</c> must allow the streams of its points.</param>
    /// <param name="points">How many enforcement points to connect.</param>
    /// <param name="processes">How many processes host them.</param>
    /// <param name="changes">How many changes to time.</param>
    /// <param name="serverPids">The servers' process ids on this machine, to report each one's resident memory per connected point; empty to skip.</param>
    /// <param name="issueThroughEach">Whether change <c>i</c> goes through server <c>i mod n</c>; otherwise every change goes through the first.</param>
    public static Task<int> RunAsync(IReadOnlyList<Uri> servers, string key, int points, int processes, int changes, IReadOnlyList<int> serverPids, bool issueThroughEach) =>
        WithPointsAsync(servers, key, points, processes, serverPids, async (clients, placement) =>
        {
            var tally = new ConfirmationTally(servers.Count > 1 ? placement.NodeOf : null);
            for (var i = 0; i < changes; i++)
            {
                var via = issueThroughEach ? i % clients.Count : 0;
                var mode = i % 2 == 0 ? ControlMode.Killed : ControlMode.Normal;
                var sent = Stopwatch.GetTimestamp();
                var result = await clients[via].ChangeControlAsync(
                    new ControlChangeRequest(ControlTarget.Agent, "propagation benchmark", mode, "support"), TimeSpan.FromSeconds(5));
                tally.Add(sent, result.Confirmations, result.Unconfirmed, servers.Count > 1 ? placement.Nodes[via] : null);
            }

            var issued = servers.Count == 1 ? "" : issueThroughEach ? $" over {servers.Count} nodes, issued through each in turn" : $" over {servers.Count} nodes, issued through {placement.Nodes[0]}";
            return tally.Report(
                $"control propagation: {points} enforcement points in {processes} processes{issued}, {changes} changes",
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
        WithPointsAsync([server], key, points, processes, serverPids: [], async (clients, _) =>
        {
            var client = clients[0];
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
    /// Connects <paramref name="points"/> enforcement points over <paramref name="processes"/> processes, point <c>i</c> to
    /// server <c>i mod n</c> (listing the others after it), waits until the servers list them all, runs
    /// <paramref name="measure"/> with a client per server and the points' placement, and stops every point and child
    /// process afterwards.
    /// </summary>
    private static async Task<int> WithPointsAsync(
        IReadOnlyList<Uri> servers,
        string key,
        int points,
        int processes,
        IReadOnlyList<int> serverPids,
        Func<IReadOnlyList<FirebreakClient>, Placement, Task<int>> measure)
    {
        var before = serverPids.Select(ResidentBytes).ToArray();
        var perProcess = (int)Math.Ceiling(points / (double)processes);
        var localCount = points - (perProcess * (processes - 1));
        var children = StartChildren(servers, key, perProcess, processes, localCount);
        var local = await StartGuardsAsync(servers, key, localCount, "p0", first: 0);
        var clients = servers.Select(s => FirebreakClient.Create(s, key)).ToList();
        try
        {
            var placement = Placement.Of(servers.Count, await WaitForPointsAsync(clients[0], points));
            if (servers.Count > 1)
            {
                Console.WriteLine($"points per node: {string.Join(", ", placement.Nodes.Select((n, i) => $"{n} ({servers[i]}): {placement.Count(n)}"))}");
            }

            for (var i = 0; i < serverPids.Count; i++)
            {
                var pid = serverPids[i];
                var after = ResidentBytes(pid);
                var node = placement.NodeOfPid(pid);
                var connected = node is null ? points : placement.Count(node);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"server {pid}{(node is null ? "" : $" ({node})")} resident memory: {before[i] / 1048576.0:0.0} MiB before, {after / 1048576.0:0.0} MiB with {connected} points connected: {(after - before[i]) / 1024.0 / connected:0.0} KiB per point"));
            }

            return await measure(clients, placement);
        }
        finally
        {
            foreach (var guard in local)
            {
                await guard.DisposeAsync();
            }

            foreach (var client in clients)
            {
                client.Dispose();
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

    /// <summary>A child process's share of the points, numbered from <paramref name="first"/>: they stay subscribed until the parent kills the process.</summary>
    public static async Task<int> HostPointsAsync(IReadOnlyList<Uri> servers, string key, int count, string prefix, int first)
    {
        await StartGuardsAsync(servers, key, count, prefix, first);
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    /// <summary>Starts the child processes that host all but this process's share (the first <paramref name="localCount"/>) of the points.</summary>
    private static List<Process> StartChildren(IReadOnlyList<Uri> servers, string key, int perProcess, int processes, int localCount)
    {
        var children = new List<Process>();
        for (var p = 1; p < processes; p++)
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
            var first = localCount + ((p - 1) * perProcess);
            foreach (var arg in new[]
            {
                typeof(PropagationHarness).Assembly.Location, "points", string.Join(',', servers), key,
                perProcess.ToString(CultureInfo.InvariantCulture), $"p{p}", first.ToString(CultureInfo.InvariantCulture),
            })
            {
                start.ArgumentList.Add(arg);
            }

            children.Add(Process.Start(start)!);
        }

        return children;
    }

    private static CreateReleaseRequest Release(string prompt) =>
        new("support", new ReleaseModel("scripted-support", "scripted"), new Dictionary<string, string>(StringComparer.Ordinal) { ["system"] = prompt });

    /// <summary>Starts <paramref name="count"/> guards; guard <c>i</c> (numbered from <paramref name="first"/> across processes) is homed on server <c>i mod n</c>.</summary>
    private static async Task<List<AgentGuard>> StartGuardsAsync(IReadOnlyList<Uri> servers, string key, int count, string prefix, int first)
    {
        var guards = new List<AgentGuard>(count);
        for (var i = 0; i < count; i++)
        {
            var home = (first + i) % servers.Count;
            guards.Add(await AgentGuard.StartAsync(new AgentGuardOptions
            {
                ServerUrls = [.. servers.Skip(home), .. servers.Take(home)],
                ApiKey = key,
                AgentId = "support",
                PointId = $"bench-{prefix}-{first + i}",
                Host = $"bench-{prefix}",
                Version = "bench",
            }));
        }

        return guards;
    }

    private static async Task<IReadOnlyList<EnforcementPointInfo>> WaitForPointsAsync(FirebreakClient client, int points)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var connected = (await client.ListEnforcementPointsAsync()).Where(p => p.Connected && p.PointId.StartsWith("bench-", StringComparison.Ordinal)).ToList();
            if (connected.Count >= points)
            {
                return connected;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new TimeoutException($"Fewer than {points} enforcement points connected within 120 s.");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Which node each point is on, and the node of each server (the one most of the points homed on it are on).</summary>
    private sealed record Placement(IReadOnlyDictionary<string, string> NodeOf, IReadOnlyList<string> Nodes)
    {
        public static Placement Of(int servers, IReadOnlyList<EnforcementPointInfo> points)
        {
            var nodeOf = points.ToDictionary(p => p.PointId, p => p.Node ?? "this node", StringComparer.Ordinal);
            var byHome = points.GroupBy(p => HomeOf(p.PointId, servers));
            var nodes = Enumerable.Range(0, servers)
                .Select(s => byHome.SingleOrDefault(g => g.Key == s)?.GroupBy(p => p.Node ?? "this node").MaxBy(g => g.Count())?.Key ?? $"server {s + 1}")
                .ToArray();
            return new Placement(nodeOf, nodes);
        }

        public int Count(string node) => NodeOf.Values.Count(n => string.Equals(n, node, StringComparison.Ordinal));

        /// <summary>The node whose id (<c>host:pid:nonce</c>) names <paramref name="pid"/>, if any.</summary>
        public string? NodeOfPid(int pid) =>
            Nodes.FirstOrDefault(n => n.Split(':') is [_, var p, _] && p == pid.ToString(CultureInfo.InvariantCulture));

        /// <summary>A point's home server, from its id <c>bench-p&lt;process&gt;-&lt;index across processes&gt;</c>.</summary>
        private static int HomeOf(string pointId, int servers) =>
            int.Parse(pointId[(pointId.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture) % servers;
    }
}
