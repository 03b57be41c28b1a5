namespace Firebreak.Approvals;

/// <summary>Where an approval request stands. JSON writes the snake_case name.</summary>
public enum ApprovalStatus
{
    /// <summary>Waiting for a human.</summary>
    Pending,

    /// <summary>Approved: the call may execute once with these exact arguments.</summary>
    Approved,

    /// <summary>Denied by a human.</summary>
    Denied,

    /// <summary>Nobody decided before it expired; treated as denied.</summary>
    Expired,
}
