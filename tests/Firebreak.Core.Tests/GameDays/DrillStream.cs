using System.Text.Json;
using Firebreak.Control;
using Firebreak.Detection;
using Firebreak.Incidents;
using Firebreak.Ledger;
using Firebreak.Serialization;

namespace Firebreak.Core.Tests.GameDays;

/// <summary>A generated drill: a clock starting at <see cref="T0"/>, and the actions, runs, alerts and control changes an agent would leave.</summary>
internal sealed class DrillStream
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    private long _seq = 100;

    public List<ActionRecord> Actions { get; } = [];

    public List<RunRecord> Runs { get; } = [];

    public static DateTimeOffset At(double ms) => T0.AddMilliseconds(ms);

    public ActionRecord Refund(double ms, string run, string reason, decimal amount = 40m, ActionOutcome outcome = ActionOutcome.Executed) =>
        Add(ms, run, "issue_refund", new { orderId = "o-" + run, amount, currency = "USD", reason }, outcome, amount);

    public ActionRecord Lookup(double ms, string run, string orderId) =>
        Add(ms, run, "lookup_order", new { orderId }, ActionOutcome.Executed, null);

    public RunRecord Run(string id, double startedMs, double? endedMs) =>
        Add(new RunRecord(id, "support", "c-" + id, null, new ReleaseRef(), endedMs is null ? RunStatus.Running : RunStatus.Completed, At(startedMs), endedMs is { } e ? At(e) : null));

    public static Alert Alert(double firstMs, string detector = "refund-storm", string? incident = "INC-1") =>
        new("alt_1", "support", detector, FailureClass.ToolMisuse, Severity.Sev2, "support", "refunds over limit", [], [], At(firstMs), At(firstMs), 1, AlertStatus.Open, incident);

    public static RecordedControlChange Change(long epoch, double ms, ControlMode mode, string actor, params ControlScope[] scopes) =>
        new(epoch, epoch * 10, new ControlChange(actor, "drill", At(ms), scopes, mode));

    private RunRecord Add(RunRecord run)
    {
        Runs.Add(run);
        return run;
    }

    private ActionRecord Add(double ms, string run, string tool, object arguments, ActionOutcome outcome, decimal? amount)
    {
        var json = JsonSerializer.SerializeToElement(arguments, FirebreakJson.Options);
        var action = new ActionRecord(
            ++_seq, "support", $"k-{_seq}", tool, json, json.GetRawText(), outcome, run, null, [], amount, amount is null ? null : "USD", "c-" + run, null, At(ms), "h");
        Actions.Add(action);
        return action;
    }
}
