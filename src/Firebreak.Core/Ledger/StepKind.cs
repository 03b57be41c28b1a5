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
}
