using System.Globalization;
using Firebreak.Detection;
using Firebreak.Ledger;
using Firebreak.Registry;

namespace Firebreak.Core.Tests.Detection;

/// <summary>
/// Generates the support agent's event stream as the ledger would hold it: runs, model calls, actions recorded pending
/// then completed, on a clock the test moves. Tickets follow the sample's seed: ticket i is a covered refund request
/// when i mod 3 is 0, a delivery question when 1, a change-of-mind refund request when 2; the faulty release refunds
/// 40 USD on every ticket.
/// </summary>
internal sealed class Traffic
{
    public const string AgentId = "support";

    public static readonly AgentDefinition Catalog = new(
        AgentId,
        "support-platform",
        null,
        [
            new ToolDefinition("lookup_order", RiskClass.Read),
            new ToolDefinition("issue_refund", RiskClass.Financial),
            new ToolDefinition("send_email", RiskClass.Message),
            new ToolDefinition("close_ticket", RiskClass.Write),
        ]);

    private readonly List<DetectionEvent> _events = [];
    private long _seq;
    private int _ticket;
    private int _calls;

    public DateTimeOffset Now { get; private set; } = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<DetectionEvent> Events => _events;

    public long LastSeq => _seq;

    public Traffic Wait(TimeSpan duration)
    {
        Now += duration;
        return this;
    }

    public string StartRun(string? correlationId = null)
    {
        var run = string.Create(CultureInfo.InvariantCulture, $"run-{_seq + 1}");
        Add(new DetectionEvent(0, DetectionEventKind.RunStarted, Now, AgentId, run, correlationId ?? $"corr-{run}"));
        return run;
    }

    public void EndRun(string run) => Add(new DetectionEvent(0, DetectionEventKind.RunEnded, Now, AgentId, run));

    public void Step(string run, string kind, long tokens = 0) =>
        Add(new DetectionEvent(0, DetectionEventKind.Step, Now, AgentId, run, StepKind: kind, Tokens: tokens));

    /// <summary>
    /// A call as the guard records it: pending then completed when it runs (<paramref name="outcome"/> executed or failed),
    /// else recorded once with its outcome (blocked, shadowed, ...); returns the action's sequence number.
    /// </summary>
    public long Call(
        string? run,
        string tool,
        string arguments = "{}",
        ActionOutcome outcome = ActionOutcome.Executed,
        decimal? amount = null,
        IReadOnlyList<string>? entities = null,
        long durationMs = 20)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"key-{++_calls}");
        var executes = outcome is ActionOutcome.Executed or ActionOutcome.Failed;
        var action = AddAction(new DetectionEvent(
            0, DetectionEventKind.Action, Now, AgentId, run, Tool: tool, IdempotencyKey: key, ArgumentsDigest: $"digest:{tool}:{arguments}",
            Outcome: executes ? ActionOutcome.Pending : outcome, Amount: amount, Entities: entities ?? []));
        if (executes)
        {
            Add(new DetectionEvent(0, DetectionEventKind.ActionCompleted, Now, AgentId, run, IdempotencyKey: key, Outcome: outcome, DurationMs: durationMs));
        }

        return action.Seq;
    }

    /// <summary><paramref name="count"/> tickets, one every <paramref name="interval"/>, handled by the good or the faulty release.</summary>
    public Traffic Tickets(int count, bool faulty, TimeSpan interval, int customers = 7)
    {
        for (var i = 0; i < count; i++)
        {
            var ticket = ++_ticket;
            var customer = string.Create(CultureInfo.InvariantCulture, $"customer:c-{((ticket - 1) % customers) + 1}");
            var order = string.Create(CultureInfo.InvariantCulture, $"o-{ticket}");
            var run = StartRun();
            Step(run, "model_call", tokens: 600);
            Call(run, "lookup_order", $$"""{"orderId":"{{order}}"}""");
            Step(run, "model_call", tokens: 700);
            if (faulty || ticket % 3 == 0)
            {
                var amount = faulty ? 40m : 50m + (ticket % 5 * 10m);
                Call(run, "issue_refund", $$"""{"orderId":"{{order}}","amount":{{amount}}}""", amount: amount, entities: [customer, $"order:{order}", $"ticket:t-{ticket}"]);
                Step(run, "model_call", tokens: 800);
            }

            Call(run, "send_email", entities: [customer]);
            Call(run, "close_ticket", entities: [$"ticket:t-{ticket}"]);
            EndRun(run);
            Wait(interval);
        }

        return this;
    }

    /// <summary>Every finding the agent's detectors raise over the stream so far.</summary>
    public IReadOnlyList<DetectorFinding> Detect(DetectorDefinition detector, bool strict = false) => Detect([detector], strict);

    public IReadOnlyList<DetectorFinding> Detect(IReadOnlyList<DetectorDefinition> detectors, bool strict = false)
    {
        var detection = new AgentDetection(Catalog with { Detectors = detectors });
        return [.. _events.SelectMany(e => detection.Observe(e, strict))];
    }

    private DetectionEvent AddAction(DetectionEvent e) => Add(e with { ActionSeq = _seq + 1 });

    private DetectionEvent Add(DetectionEvent e)
    {
        var numbered = e with { Seq = ++_seq };
        _events.Add(numbered);
        return numbered;
    }
}
