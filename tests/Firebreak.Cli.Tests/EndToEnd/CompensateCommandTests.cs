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

    [Fact]
    public async Task Cancel_ReleasesAPlannedRunsActionsForTheNextPlan_AndIsRefusedOnceARunIsApproved()
    {
        using (var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey))
        {
            for (var i = 0; i < 2; i++)
            {
                await client.RecordActionAsync(
                    new RecordActionRequest(
                        "support", $"cli-cancel-{i}", "send_email", Json("""{"customerId":"c-1","subject":"Refund","body":"..."}"""), ActionOutcome.Executed,
                        Entities: [$"customer:c-{i}"], CorrelationId: "cli-cancel"),
                    Ct);
            }
        }

        var first = RunId().Match((await Firebreak("compensate", "plan", "--correlation", "cli-cancel")).Output).Value;
        var cancel = await Firebreak("compensate", "cancel", first);
        var replanned = await Firebreak("compensate", "plan", "--correlation", "cli-cancel");
        var second = RunId().Match(replanned.Output).Value;
        var approveCancelled = await Firebreak("compensate", "approve", first);
        await Firebreak("compensate", "approve", second);
        var cancelApproved = await Firebreak("compensate", "cancel", second);

        Assert.Equal(ExitCodes.Success, cancel.ExitCode);
        Assert.Contains($"{first} cancelled", cancel.Output, StringComparison.Ordinal);
        Assert.Contains("2 items: 2 planned", replanned.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("held by other runs", replanned.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, approveCancelled.ExitCode);
        Assert.Equal(ExitCodes.ApiError, cancelApproved.ExitCode);
        Assert.Contains("only a planned run can be cancelled", cancelApproved.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanWithPurgeAndQuarantine_ListsEachHookAndTheCallItWillMake_WithoutCallingIt()
    {
        var plan = await Firebreak(
            "compensate", "plan", "--agent", "support", "--since", "2026-11-23T10:00:00Z", "--until", "2026-11-23T11:00:00Z", "--correlation", "cli-hooks-none",
            "--purge-memory", "--quarantine", "forged-kb");
        var noWindow = await Firebreak("compensate", "plan", "--agent", "support", "--purge-memory");

        Assert.Equal(ExitCodes.Success, plan.ExitCode);
        Assert.Contains("firebreak.memory_purge", plan.Output, StringComparison.Ordinal);
        Assert.Contains("http://supportdesk.invalid/memory/purge", plan.Output, StringComparison.Ordinal);
        Assert.Contains("firebreak.knowledge_quarantine", plan.Output, StringComparison.Ordinal);
        Assert.Contains("http://supportdesk.invalid/knowledge/forged-kb/quarantine", plan.Output, StringComparison.Ordinal);
        Assert.Contains("2 items: 2 planned", plan.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, noWindow.ExitCode);
        Assert.Contains("since", noWindow.Error, StringComparison.Ordinal);
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
