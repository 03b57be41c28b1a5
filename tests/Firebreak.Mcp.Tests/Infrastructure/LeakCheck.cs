using System.Diagnostics;

namespace Firebreak.Mcp.Tests.Infrastructure;

/// <summary>After a server stops, no upstream MCP server it started may still run.</summary>
internal static class LeakCheck
{
    public static async Task NoUpstreamProcessesAsync(string marker)
    {
        var deadline = Stopwatch.StartNew();
        IReadOnlyList<int> left;
        while ((left = ChildProcesses.Find(marker)).Count > 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        foreach (var pid in left)
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }

        if (left.Count > 0)
        {
            throw new InvalidOperationException($"Upstream MCP server processes outlived the gateway: {string.Join(", ", left)}.");
        }
    }
}
