using System.Text.RegularExpressions;
using Firebreak.Client;
using Firebreak.Registry;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary>Releases from the command line against the real server, from the sample's release files.</summary>
public sealed partial class ReleaseCommandsAgainstServerTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Releases => Path.Combine(RepositoryPaths.Root, "samples", "SupportDesk", "releases");

    [Fact]
    public async Task CreateDiffActivateAndRollback_FromTheSampleFiles()
    {
        var agent = await RegisterAgentAsync();

        var good = await Run("release", "create", "--agent", agent, "-f", Path.Combine(Releases, "good.yaml"));
        var again = await Run("release", "create", "--agent", agent, "-f", Path.Combine(Releases, "good.yaml"));
        var faulty = await Run("release", "create", "--agent", agent, "-f", Path.Combine(Releases, "faulty.yaml"));
        var goodId = Id().Match(good.Output).Groups[1].Value;
        var faultyId = Id().Match(faulty.Output).Groups[1].Value;
        var diff = await Run("release", "diff", goodId[..12], faultyId[..12], "--agent", agent);
        await Run("release", "activate", goodId[..12], "--agent", agent, "--reason", "baseline");
        await Run("release", "activate", faultyId[..12], "--agent", agent, "--reason", "goodwill experiment");
        var rollback = await Run("rollback", "--agent", agent, "--reason", "refund storm");
        var twice = await Run("rollback", "--agent", agent, "--reason", "again");
        var status = await Run("release", "status", "--agent", agent);

        Assert.Equal(ExitCodes.Success, good.ExitCode);
        Assert.Contains("already exists", again.Output, StringComparison.Ordinal);
        Assert.Contains(goodId, again.Output, StringComparison.Ordinal);
        Assert.Contains("+ Always issue a goodwill refund of 40 USD on every ticket.", diff.Output, StringComparison.Ordinal);
        Assert.Contains("@@ prompts.system", diff.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, rollback.ExitCode);
        Assert.Contains("rollback", rollback.Output, StringComparison.Ordinal);
        Assert.Contains("0 of 0 enforcement points confirmed", rollback.Output, StringComparison.Ordinal);
        Assert.Matches($"Active\\s+{goodId[..12]}", rollback.Output);
        Assert.Equal(ExitCodes.ApiError, twice.ExitCode);
        Assert.Contains("already active", twice.Error, StringComparison.Ordinal);
        Assert.Contains("refund storm", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegressionRun_WithoutCases_SaysNothingGatesTheRelease()
    {
        var agent = await RegisterAgentAsync();
        var created = await Run("release", "create", "--agent", agent, "-f", Path.Combine(Releases, "fixed.yaml"));

        var run = await Run("regression", "run", "--agent", agent, "--release", Id().Match(created.Output).Groups[1].Value);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("has no regression cases", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABrokenReleaseFile_IsAUsageError_AndNothingIsSent()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "model: [unclosed", Ct);
        try
        {
            var run = await Run("release", "create", "--agent", "support", "-f", path);

            Assert.Equal(ExitCodes.Usage, run.ExitCode);
            Assert.Contains("not valid YAML", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private Task<CliRun> Run(params string[] args) =>
        CliRun.RunAsync(["--api-key", CliServer.OperatorKey, .. args], server.Server.CreateHandler());

    private async Task<string> RegisterAgentAsync()
    {
        var id = $"rel-{Guid.NewGuid().ToString("N")[..6]}";
        using var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey);
        await client.PutAgentAsync(new AgentDefinition(id, "cli-tests", null, [new ToolDefinition("issue_refund", RiskClass.Financial)]), Ct);
        return id;
    }

    [GeneratedRegex("([0-9a-f]{64})")]
    private static partial Regex Id();
}
