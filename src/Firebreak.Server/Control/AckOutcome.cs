namespace Firebreak.Server.Control;

/// <summary>What became of an enforcement point's acknowledgement.</summary>
internal enum AckOutcome
{
    /// <summary>Recorded: every change waiting for the epoch, on any node, counts the point as confirmed.</summary>
    Acknowledged,

    /// <summary>No live point has that id: nothing changed.</summary>
    NotFound,

    /// <summary>The point belongs to another key: nothing changed.</summary>
    Forbidden,
}
