namespace Firebreak.Mcp.Tests.Infrastructure;

/// <summary>The npm package the interop servers and the Node client are installed in (<c>npm ci</c> in scripts/test.sh).</summary>
internal static class McpServerPackages
{
    public static string Directory => Path.Combine(RepositoryPaths.Root, "tests", "Firebreak.Mcp.Tests", "mcp-servers");

    /// <summary>The entry script of an installed npm package under <see cref="Directory"/>; fails the test when it is not installed.</summary>
    public static string Script(string package, string relativePath)
    {
        var path = Path.Combine(Directory, "node_modules", package, relativePath);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{package} is not installed: run `npm ci --prefix {Directory}` (scripts/test.sh does).", path);
    }
}
