using Firebreak.Approvals;

namespace Firebreak.Client.Tests.Infrastructure;

/// <summary>An approval in the test control plane, with the signal its long-polls wait on.</summary>
internal sealed class ApprovalEntry(Approval approval)
{
    public Approval Approval { get; set; } = approval;

    public TaskCompletionSource Decided { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
