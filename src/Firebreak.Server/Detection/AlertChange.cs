namespace Firebreak.Server.Detection;

/// <summary>What recording a finding did to the alerts.</summary>
internal enum AlertChange
{
    /// <summary>It raised a new alert: publish it.</summary>
    Raised,

    /// <summary>It repeated an open alert, which it updated.</summary>
    Repeated,

    /// <summary>Nothing: another node (or an earlier pass) already recorded this finding.</summary>
    Unchanged,
}
