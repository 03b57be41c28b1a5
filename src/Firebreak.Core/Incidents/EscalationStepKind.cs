namespace Firebreak.Incidents;

/// <summary>What one step of an escalation schedule does.</summary>
internal enum EscalationStepKind
{
    /// <summary>The first page, to the first level.</summary>
    Page,

    /// <summary>A repeat of the current level's page.</summary>
    Repeat,

    /// <summary>The page moves to the next level.</summary>
    Escalate,

    /// <summary>The last level went unanswered; nothing more is sent.</summary>
    Exhausted,
}
