using System.Globalization;
using System.Text.Json;
using Firebreak.Client;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary><c>firebreak runs mark-toxic</c> against the real server: the runs are flagged and <c>runs show</c> says why.</summary>
public sealed class RunsMarkToxicCommandTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MarkToxic_FlagsTheSelectedRun_RunsShowSaysWhy_AndMarkingAgainMarksNothingNew()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        string toxic;
        string clean;
        using (var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey))
        {
            toxic = (await client.StartRunAsync(new StartRunRequest("support", $"cli-toxic-{Guid.NewGuid():N}", "c-toxic"), Ct)).Id;
            clean = (await client.StartRunAsync(new StartRunRequest("support", $"cli-clean-{Guid.NewGuid():N}", "c-clean"), Ct)).Id;
            await client.RecordActionAsync(
                new RecordActionRequest("support", $"cli-toxic-refund-{toxic}", "issue_refund", Json("""{"orderId":"o-1"}"""), ActionOutcome.Executed, RunId: toxic),
                Ct);
        }

        string[] selection = ["--agent", "support", "--since", since.ToString("O", CultureInfo.InvariantCulture), "--tool", "issue_refund"];

        var marked = await Firebreak(["runs", "mark-toxic", .. selection, "--reason", "forged ticket in memory"]);
        var again = await Firebreak(["runs", "mark-toxic", .. selection, "--reason", "second look"]);
        var shownToxic = await Firebreak(["runs", "show", toxic]);
        var shownClean = await Firebreak(["runs", "show", clean]);
        var noReason = await Firebreak(["runs", "mark-toxic", .. selection]);

        Assert.Equal(ExitCodes.Success, marked.ExitCode);
        Assert.Contains("Marked 1 runs toxic", marked.Output, StringComparison.Ordinal);
        Assert.Contains("Marked 0 runs toxic; 1 of 1 selected were already marked", again.Output, StringComparison.Ordinal);
        Assert.Contains("forged ticket in memory", shownToxic.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Toxic", shownClean.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, noReason.ExitCode);
    }

    private Task<CliRun> Firebreak(string[] args) =>
        CliRun.RunAsync(["--api-key", CliServer.OperatorKey, .. args], server.Server.CreateHandler());

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
