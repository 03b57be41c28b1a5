namespace Firebreak.Mcp.Tests.Infrastructure;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The npm package the interop servers and the Node client are installed in (<c>npm ci</c> in scripts/test.sh).</summary>
    public static string McpServers => Path.Combine(Root, "tests", "Firebreak.Mcp.Tests", "mcp-servers");

    /// <summary>The entry script of an installed npm package under <see cref="McpServers"/>; fails the test when it is not installed.</summary>
    public static string NpmScript(string package, string relativePath)
    {
        var path = Path.Combine(McpServers, "node_modules", package, relativePath);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{package} is not installed: run `npm ci --prefix {McpServers}` (scripts/test.sh does).", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Firebreak.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find Firebreak.slnx above the test output folder.");
    }
}
