using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Client;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary><c>firebreak compensate</c> and <c>firebreak mitigations</c> against the real server, on emails, which have no inverse.</summary>
public sealed partial class CompensateCommandTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlanApproveExecute_TurnsEachEmailIntoOneTrackedTask_AndARunIsNeverExecutedUnapproved()
    {
        using (var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey))
        {
            for (var i = 0; i < 3; i++)
            {
                await client.RecordActionAsync(
                    new RecordActionRequest(
                        "support", $"cli-email-{i}", "send_email", Json("""{"customerId":"c-1","subject":"Refund","body":"..."}"""), ActionOutcome.Executed,
                        Entities: [$"customer:c-{i}"], CorrelationId: "cli-compensate"),
                    Ct);
            }
        }

        var plan = await Firebreak("compensate", "plan", "--correlation", "cli-compensate", "--tool", "send_email");
        var runId = RunId().Match(plan.Output).Value;
        var early = await Firebreak("compensate", "execute", runId);
        var approve = await Firebreak("compensate", "approve", runId);
        var execute = await Firebreak("compensate", "execute", runId);
        var again = await Firebreak("compensate", "plan", "--correlation", "cli-compensate");
        var tasks = await Firebreak("mitigations", "list", "--run", runId, "--status", "open");
        var taskId = TaskId().Match(tasks.Output).Value;
        var update = await Firebreak("mitigations", "update", taskId, "--status", "done", "--owner", "dana");

        Assert.Equal(ExitCodes.Success, plan.ExitCode);
        Assert.Contains("mitigation Send the customer a correction email", plan.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, early.ExitCode);
        Assert.Contains("approved", early.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, approve.ExitCode);
        Assert.Equal(ExitCodes.Success, execute.ExitCode);
        Assert.Contains("3 done", execute.Output, StringComparison.Ordinal);
        Assert.Contains("0 mismatches", execute.Output, StringComparison.Ordinal);
        Assert.Contains("3 selected actions are held by other runs", again.Output, StringComparison.Ordinal);
        Assert.Equal(3, TaskId().Count(tasks.Output));
        Assert.Contains("customer-success", tasks.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, update.ExitCode);
        Assert.Contains("done, owner dana", update.Output, StringComparison.Ordinal);
    }

    private Task<CliRun> Firebreak(params string[] args) =>
        CliRun.RunAsync(["--api-key", CliServer.OperatorKey, .. args], server.Server.CreateHandler());

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [GeneratedRegex("cmp_[0-9a-f]{32}")]
    private static partial Regex RunId();

    [GeneratedRegex("mit_[0-9a-f]{32}")]
    private static partial Regex TaskId();
}
