using Firebreak.Approvals;

namespace Firebreak.Client;

/// <summary>
/// A tool call that needed human approval was denied, expired, or not decided within
/// <see cref="AgentGuardOptions.ApprovalTimeout"/>. The effect did not run. <see cref="Exception.Message"/> is written
/// for the model to read.
/// </summary>
public sealed class ToolDeniedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why, for the model.</param>
    /// <param name="approval">The approval as last seen.</param>
    public ToolDeniedException(string message, Approval approval)
        : base(message)
    {
        Approval = approval;
    }

    /// <summary>The approval as last seen.</summary>
    public Approval Approval { get; }
}
