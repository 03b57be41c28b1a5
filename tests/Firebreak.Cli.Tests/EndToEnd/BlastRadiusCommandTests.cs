using System.Globalization;
using System.Text.Json;
using Firebreak.Client;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary><c>firebreak blast-radius</c> against the real server: the summary an operator reads first in an incident.</summary>
public sealed class BlastRadiusCommandTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BlastRadius_PrintsActionsEntitiesAndMoneyInOneLine_AndExportsCsv()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        using (var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey))
        {
            for (var i = 0; i < 4; i++)
            {
                await client.RecordActionAsync(
                    new RecordActionRequest(
                        "support", $"cli-refund-{i}", "issue_refund", Json($$"""{"orderId":"o-{{i}}","amount":40}"""), ActionOutcome.Executed,
                        Entities: [$"ticket:t-{i}", $"customer:c-{i % 2}"], Amount: 3120m, Currency: "USD"),
                    Ct);
            }

            await client.RecordActionAsync(
                new RecordActionRequest("support", "cli-email", "send_email", Json("""{"customerId":"c-1"}"""), ActionOutcome.Executed, Entities: ["customer:c-1"]),
                Ct);
        }

        var until = DateTimeOffset.UtcNow.AddSeconds(1);
        var export = Path.Combine(Path.GetTempPath(), $"blast-radius-{Guid.NewGuid():N}.csv");
        string[] window = ["--agent", "support", "--since", Iso(since), "--until", Iso(until), "--tool", "issue_refund"];

        var summary = await Firebreak(["blast-radius", .. window]);
        var exported = await Firebreak(["blast-radius", .. window, "--export", "csv", "--output", export]);
        var missingOutput = await Firebreak(["blast-radius", "--export", "csv"]);

        try
        {
            Assert.Equal(ExitCodes.Success, summary.ExitCode);
            Assert.Contains("4 actions · 4 tickets · 2 customers · USD 12,480.00", summary.Output, StringComparison.Ordinal);
            Assert.Contains("cli-refund-3", summary.Output + File.ReadAllText(export), StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Success, exported.ExitCode);
            Assert.Equal(5, File.ReadAllLines(export).Length);
            Assert.Equal(ExitCodes.Usage, missingOutput.ExitCode);
        }
        finally
        {
            File.Delete(export);
        }
    }

    private Task<CliRun> Firebreak(string[] args) =>
        CliRun.RunAsync(["--api-key", CliServer.OperatorKey, .. args], server.Server.CreateHandler());

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
