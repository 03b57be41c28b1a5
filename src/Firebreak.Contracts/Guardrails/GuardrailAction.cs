namespace Firebreak.Guardrails;

/// <summary>What an enforcement point does when a guardrail hits; also the verdict a <see cref="GuardrailHit"/> records.</summary>
public enum GuardrailAction
{
    /// <summary>The call runs (or the content is used) and the hit is recorded. The strict policy level turns it into <see cref="Block"/>.</summary>
    Flag,

    /// <summary>The call runs only once a human approves these exact arguments. Retrieved content and tool results cannot wait for a human: there it blocks.</summary>
    Approval,

    /// <summary>The call does not run (or the content is withheld) and the model is told why.</summary>
    Block,
}
