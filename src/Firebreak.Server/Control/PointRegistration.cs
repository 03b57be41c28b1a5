namespace Firebreak.Server.Control;

/// <summary>What became of a stream's request to register as an enforcement point.</summary>
internal enum PointRegistration
{
    /// <summary>The point is registered (new, expired and taken afresh, or the owner's own reconnect).</summary>
    Connected,

    /// <summary>Another key registered the point id and its entry has not expired: nothing changed.</summary>
    OwnedByAnotherKey,

    /// <summary>The point id has the prefix of this node's own MCP gateways: nothing changed.</summary>
    Reserved,

    /// <summary>The table is at <see cref="ControlOptions.MaxPoints"/> and every point in it is connected: nothing changed.</summary>
    TableFull,
}
