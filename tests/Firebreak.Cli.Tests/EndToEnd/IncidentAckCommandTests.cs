namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary><c>firebreak incident ack</c> against the real server with a SEV1 escalation policy.</summary>
public sealed class IncidentAckCommandTests(CliServer server) : IClassFixture<CliServer>
{
    [Fact]
    public async Task Ack_AcknowledgesThePage_AndASecondAckIsAnApiError()
    {
        await using var paging = server.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Firebreak:Incidents:Webhooks:0:Name", "pd");
            builder.UseSetting("Firebreak:Incidents:Webhooks:0:Url", "http://127.0.0.1:9/v2/enqueue");
            builder.UseSetting("Firebreak:Incidents:Webhooks:0:Format", "pagerduty");
            builder.UseSetting("Firebreak:Incidents:Webhooks:0:Secret", "routing-key");
            builder.UseSetting("Firebreak:Escalation:Policies:SEV1:Levels:0:Receivers:0", "pd");
        });
        Task<CliRun> Firebreak(params string[] args) => CliRun.RunAsync(["--api-key", CliServer.OperatorKey, .. args], paging.Server.CreateHandler());
        var declare = await Firebreak(
            "incident", "declare", "--title", "Wrong $40 refunds", "--agent", "support", "--failure-class", "tool-misuse",
            "--severity", "SEV1", "--commander", "dana");
        var id = declare.Output[declare.Output.IndexOf("INC-", StringComparison.Ordinal)..].Split(' ', '\n', '\r', '\t', ',', ':', ')')[0];

        var ack = await Firebreak("incident", "ack", id);
        var again = await Firebreak("incident", "ack", id);

        Assert.Equal(ExitCodes.Success, ack.ExitCode);
        Assert.Contains($"Page of {id} acknowledged by", ack.Output, StringComparison.Ordinal);
        Assert.Contains("at level 1 after 1 page(s)", ack.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, again.ExitCode);
        Assert.Contains("was acknowledged by", again.Error, StringComparison.Ordinal);
    }
}
