namespace Firebreak.Server.Approvals;

/// <summary>Where an approval request is. <see cref="Expired"/> is a pending request read after its expiry.</summary>
public enum ApprovalStatus
{
    Pending,
    Approved,
    Denied,
    Expired,
}
