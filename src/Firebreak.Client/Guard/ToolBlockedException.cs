using Firebreak.Control;
using Firebreak.Guardrails;

namespace Firebreak.Client;

/// <summary>
/// Firebreak blocked a tool call: the tool or agent is killed, in fallback, drained, the control lease is stale and
/// the tool fails closed, or a guardrail blocked its arguments (or withheld its result). The effect did not run (or was cancelled by a kill). <see cref="Exception.Message"/> is
/// written for the model to read.
/// </summary>
public sealed class ToolBlockedException : Exception
{
    /// <summary>Creates the exception for <paramref name="decision"/>.</summary>
    public ToolBlockedException(GuardDecision decision)
        : base(decision.Message ?? "The call is blocked.")
    {
        Decision = decision;
    }

    /// <summary>Creates the exception with a message of its own, for a call blocked by something other than a decision.</summary>
    public ToolBlockedException(GuardDecision decision, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Decision = decision;
    }

    /// <summary>The decision that blocked the call.</summary>
    public GuardDecision Decision { get; }

    /// <summary>The guardrails that blocked the call or withheld its result; <see langword="null"/> when a control blocked it.</summary>
    public GuardrailOutcome? Guardrails { get; init; }
}
