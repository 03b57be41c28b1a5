using BenchmarkDotNet.Attributes;
using Firebreak.Control;
using Firebreak.Registry;

namespace Firebreak.Benchmarks;

/// <summary>
/// The enforcement point's local decision (<see cref="ControlDecider.DecideToolCall(ControlSnapshot, string, ToolDefinition, LeaseState, DateTimeOffset)"/>),
/// the work an <c>AgentGuard</c> does before every tool call. Goal: p50 ≤ 2 µs and no allocation on the allow path.
/// The snapshot carries 1,000 other agents' settings so the lookups are not trivially small.
/// </summary>
[MemoryDiagnoser]
public class GuardDecisionBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly ControlDecider _decider = new();
    private readonly ToolDefinition _refund = new("issue_refund", RiskClass.Financial);
    private readonly ToolDefinition _lookup = new("lookup_order", RiskClass.Read);
    private ControlSnapshot _snapshot = ControlSnapshot.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var snapshot = ControlSnapshot.Empty;
        for (var i = 0; i < 1_000; i++)
        {
            snapshot = snapshot.Apply(new ControlChange("bench", "setup", Now, [ControlScope.ForTool($"agent-{i}", "issue_refund")], ControlMode.Shadow));
        }

        _snapshot = snapshot.Apply(new ControlChange("bench", "setup", Now, [ControlScope.ForTool("support", "send_email")], ControlMode.Killed));
    }

    [Benchmark(Baseline = true, Description = "allow: financial tool, normal")]
    public GuardVerdict Allow() => _decider.DecideToolCall(_snapshot, "support", _refund, LeaseState.Fresh, Now).Verdict;

    [Benchmark(Description = "allow: read tool, stale lease (fails open)")]
    public GuardVerdict ReadWithStaleLease() => _decider.DecideToolCall(_snapshot, "support", _lookup, LeaseState.Stale, Now).Verdict;

    [Benchmark(Description = "block: financial tool, stale lease (fails closed)")]
    public GuardVerdict FailClosed() => _decider.DecideToolCall(_snapshot, "support", _refund, LeaseState.Stale, Now).Verdict;

    [Benchmark(Description = "shadow: another agent's shadowed tool")]
    public GuardVerdict Shadowed() => _decider.DecideToolCall(_snapshot, "agent-500", _refund, LeaseState.Fresh, Now).Verdict;
}
