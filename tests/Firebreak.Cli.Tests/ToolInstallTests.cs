using System.Diagnostics;
using System.Reflection;

namespace Firebreak.Cli.Tests;

/// <summary>The CLI installs as a .NET tool from a locally packed package, as the README says, and runs as <c>firebreak</c>.</summary>
public sealed class ToolInstallTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "firebreak-tool-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ThePackedTool_Installs_AndRunsAsFirebreak()
    {
        var packages = Path.Combine(_directory, "nupkg");
        var tools = Path.Combine(_directory, "tools");

        // The test run has just built the CLI in this configuration; packing that build needs no network.
        var configuration = typeof(ToolInstallTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        await RunAsync("dotnet", ["pack", Path.Combine(RepositoryPaths.Root, "src", "Firebreak.Cli"), "--no-build", "-c", configuration, "-o", packages]);
        Assert.Single(Directory.GetFiles(packages, "Firebreak.Cli.*.nupkg"));

        await RunAsync("dotnet", ["tool", "install", "Firebreak.Cli", "--tool-path", tools, "--add-source", packages]);
        var help = await RunAsync(Path.Combine(tools, OperatingSystem.IsWindows() ? "firebreak.exe" : "firebreak"), ["--help"]);

        Assert.Contains("firebreak", help, StringComparison.Ordinal);
        Assert.Contains("incident", help, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
        return await output;
    }
}
