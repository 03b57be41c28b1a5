using System.Text.Json;
using Firebreak.Guardrails;
using Firebreak.Incidents;
using Firebreak.Ledger;

namespace Firebreak.Similarity;

/// <summary>
/// Builds a <see cref="RunSignature"/> from a run's trace, fed in ledger order: tool calls (recorded actions and
/// <c>tool_call</c> steps), action completions and guardrail hits. The failure class is what the trace alone shows:
/// an injection hit is a <see cref="FailureClass.PolicyBypass"/>; a tool called <see cref="LoopThreshold"/> times in a
/// row is a <see cref="FailureClass.CostRunaway"/>; a blocked, denied or failed call, or another guardrail's block, is a
/// <see cref="FailureClass.ToolMisuse"/>; a failed or killed run with none of these is <see cref="FailureClass.Other"/>.
/// </summary>
internal sealed class RunSignatureBuilder
{
    /// <summary>How many consecutive calls of one tool make a loop.</summary>
    public const int LoopThreshold = 5;

    private readonly List<string> _tools = [];
    private readonly SortedSet<string> _shapes = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _guardrails = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActionOutcome> _outcomes = new(StringComparer.Ordinal);
    private string? _last;
    private int _repeats;
    private bool _truncated;
    private bool _loop;
    private bool _injection;
    private bool _blocked;

    /// <summary>Adds a tool call; <paramref name="idempotencyKey"/> lets a later <see cref="Complete"/> replace its outcome.</summary>
    public RunSignatureBuilder AddToolCall(string tool, JsonElement? arguments, ActionOutcome? outcome = null, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (string.Equals(_last, tool, StringComparison.Ordinal))
        {
            _loop |= ++_repeats >= LoopThreshold;
        }
        else
        {
            _last = tool;
            _repeats = 1;
            if (_tools.Count < RunSignature.MaxTools)
            {
                _tools.Add(tool);
            }
            else
            {
                _truncated = true;
            }
        }

        if (arguments is { } json)
        {
            ArgumentShapes.Collect(tool, json, _shapes);
        }

        if (outcome is { } known)
        {
            _outcomes[idempotencyKey ?? $"#{_outcomes.Count}"] = known;
        }

        return this;
    }

    /// <summary>Records the final outcome of an action added with <paramref name="idempotencyKey"/>; unknown keys are ignored.</summary>
    public RunSignatureBuilder Complete(string idempotencyKey, ActionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        if (_outcomes.ContainsKey(idempotencyKey))
        {
            _outcomes[idempotencyKey] = outcome;
        }

        return this;
    }

    /// <summary>Adds a guardrail that fired.</summary>
    public RunSignatureBuilder AddGuardrail(string guardrail, GuardrailCategory category, GuardrailAction verdict)
    {
        ArgumentNullException.ThrowIfNull(guardrail);
        _guardrails.Add($"{guardrail}/{Name(category)}/{Name(verdict)}");
        _injection |= category is GuardrailCategory.Injection;
        _blocked |= verdict is GuardrailAction.Block;
        return this;
    }

    /// <summary>The signature of everything added, for a run of <paramref name="agentId"/> that ended as <paramref name="outcome"/>.</summary>
    public RunSignature Build(string agentId, RunStatus outcome)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        var tools = _truncated ? [.. _tools, RunSignature.TruncatedMarker] : _tools.ToArray();
        return new RunSignature(agentId, tools, [.. _shapes.Take(RunSignature.MaxShapes)], Classify(outcome), [.. _guardrails], outcome);
    }

    private FailureClass? Classify(RunStatus outcome)
    {
        if (_injection)
        {
            return FailureClass.PolicyBypass;
        }

        if (_loop)
        {
            return FailureClass.CostRunaway;
        }

        if (_blocked || _outcomes.Values.Any(o => o is ActionOutcome.Blocked or ActionOutcome.Denied or ActionOutcome.Failed))
        {
            return FailureClass.ToolMisuse;
        }

        return outcome is RunStatus.Failed or RunStatus.Killed ? FailureClass.Other : null;
    }

    private static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
