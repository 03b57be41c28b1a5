using System.Text.Json;
using Firebreak.Client;
using Firebreak.Detection;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary>
/// <c>firebreak alerts</c> against the real server: a refund storm recorded through the API trips the sample registry's
/// <c>refund-storm</c> detector, and an operator lists, shows, acknowledges and resolves the alert.
/// </summary>
public sealed class AlertsCommandTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOperator_ListsShowsAcknowledgesAndResolvesTheAlertOfARefundStorm()
    {
        var runs = new List<string>();
        Alert alert;
        using (var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey))
        {
            for (var i = 0; i < 5; i++)
            {
                var run = await client.StartRunAsync(new StartRunRequest("support"), Ct);
                runs.Add(run.Id);
                var arguments = JsonSerializer.SerializeToElement(new { orderId = $"o-{i}", amount = 40, currency = "USD" });
                await client.RecordActionAsync(
                    new RecordActionRequest("support", $"cli-alert-refund-{run.Id}", "issue_refund", arguments, ActionOutcome.Executed, RunId: run.Id, Amount: 40, Currency: "USD"),
                    Ct);
            }

            alert = await EventuallyAsync(async () => (await client.ListAlertsAsync("support", AlertStatus.Open, cancellationToken: Ct)).FirstOrDefault(a => a.Detector == "refund-storm" && a.IncidentId is not null));
        }

        var listed = await Firebreak(["alerts", "list", "--agent", "support", "--since", "1h"]);
        var shown = await Firebreak(["alerts", "show", alert.Id]);
        var acknowledged = await Firebreak(["alerts", "ack", alert.Id]);
        var resolved = await Firebreak(["alerts", "resolve", alert.Id]);
        var reopened = await Firebreak(["alerts", "ack", alert.Id]);
        var missing = await Firebreak(["alerts", "show", "alt_missing"]);
        var badStatus = await Firebreak(["alerts", "list", "--status", "closed"]);
        var resolvedList = await Firebreak(["alerts", "list", "--status", "resolved"]);

        Assert.Equal(ExitCodes.Success, listed.ExitCode);
        Assert.Contains(alert.Id, listed.Output, StringComparison.Ordinal);
        Assert.Contains("refund-storm", listed.Output, StringComparison.Ordinal);
        Assert.Contains("tool-misuse", listed.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, shown.ExitCode);
        Assert.All(runs, run => Assert.Contains(run, shown.Output, StringComparison.Ordinal));
        Assert.Contains("SEV2 (P1)", shown.Output, StringComparison.Ordinal);
        Assert.Contains(alert.IncidentId!, shown.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, acknowledged.ExitCode);
        Assert.Contains("acknowledged", acknowledged.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, resolved.ExitCode);
        Assert.Contains("resolved", resolved.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, reopened.ExitCode);
        Assert.Equal(ExitCodes.ApiError, missing.ExitCode);
        Assert.Equal(ExitCodes.Usage, badStatus.ExitCode);
        Assert.Contains(alert.Id, resolvedList.Output, StringComparison.Ordinal);
    }

    private Task<CliRun> Firebreak(string[] args) =>
        CliRun.RunAsync(["--api-key", CliServer.OperatorKey, .. args], server.Server.CreateHandler());

    /// <summary>Polls <paramref name="probe"/> until it returns a value, for at most 30 s.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
