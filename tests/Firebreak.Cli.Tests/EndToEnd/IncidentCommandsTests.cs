namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary>An incident driven from the command line against the real server, from declaration to postmortem.</summary>
public sealed class IncidentCommandsTests(CliServer server) : IClassFixture<CliServer>
{
    private Task<CliRun> Firebreak(params string[] args) =>
        CliRun.RunAsync(["--api-key", CliServer.OperatorKey, .. args], server.Server.CreateHandler());

    [Fact]
    public async Task AnIncident_IsDeclaredWorkedAndWrittenUp_FromTheCommandLine()
    {
        var declare = await Firebreak(
            "incident", "declare", "--title", "Wrong $40 refunds", "--agent", "support", "--failure-class", "tool-misuse",
            "--severity", "P0", "--commander", "dana", "--tool", "issue_refund");
        Assert.Equal(ExitCodes.Success, declare.ExitCode);
        Assert.Contains("INC-", declare.Output, StringComparison.Ordinal);
        var id = declare.Output[declare.Output.IndexOf("INC-", StringComparison.Ordinal)..].Split(' ', '\n', '\r', '\t', ',', ':', ')')[0];

        Assert.Equal(ExitCodes.Success, (await Firebreak("incident", "note", id, "Refunds stopped at 10:42")).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Firebreak("incident", "status", id, "mitigated", "--note", "kill confirmed")).ExitCode);
        var illegal = await Firebreak("incident", "status", id, "closed");
        var show = await Firebreak("incident", "show", id);
        var postmortem = await Firebreak("incident", "postmortem", id);

        Assert.Equal(ExitCodes.ApiError, illegal.ExitCode);
        Assert.Single(illegal.Error.Trim().Split('\n'));
        Assert.Equal(ExitCodes.Success, show.ExitCode);
        Assert.Contains("Refunds stopped at 10:42", show.Output, StringComparison.Ordinal);
        Assert.Contains("dana", show.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, postmortem.ExitCode);
        Assert.Contains("## Timeline", postmortem.Output, StringComparison.Ordinal);
        Assert.Contains("## Action items", postmortem.Output, StringComparison.Ordinal);
    }
}
