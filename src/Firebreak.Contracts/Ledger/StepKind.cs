namespace Firebreak.Ledger;

/// <summary>The kinds of entry in a run's decision trace.</summary>
public enum StepKind
{
    Input,
    ModelCall,
    Retrieval,
    ToolCall,
    Approval,
    Output,
    Feedback,

    /// <summary>A guardrail fired on a tool call or retrieved content; the data is a <see cref="Guardrails.GuardrailHit"/>.</summary>
    Guardrail,
}
