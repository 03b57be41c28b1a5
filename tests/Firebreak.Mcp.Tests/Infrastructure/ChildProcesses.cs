using System.Globalization;

namespace Firebreak.Mcp.Tests.Infrastructure;

/// <summary>The processes this test process started, directly or not, read from <c>/proc</c>: the gateway's upstream servers run in-process here.</summary>
internal static class ChildProcesses
{
    /// <summary>Ids of the live descendants of this process whose command line or environment contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> Find(string marker)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var self = Environment.ProcessId;
        return [.. parents.Keys.Where(pid => IsDescendant(pid, self, parents) && (Read(pid, "cmdline").Contains(marker, StringComparison.Ordinal) || Read(pid, "environ").Contains(marker, StringComparison.Ordinal)))];
    }

    private static bool IsDescendant(int pid, int ancestor, Dictionary<int, int> parents)
    {
        for (var depth = 0; depth < 32 && parents.TryGetValue(pid, out var parent); depth++)
        {
            if (parent == ancestor)
            {
                return true;
            }

            pid = parent;
        }

        return false;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" ? null : int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Read(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
