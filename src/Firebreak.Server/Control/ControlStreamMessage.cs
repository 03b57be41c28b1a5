using Firebreak.Held;
using Firebreak.Control;

namespace Firebreak.Server.Control;

/// <summary>What a stream is told to send: a new snapshot, or a held item to redeliver. Exactly one is set.</summary>
internal sealed record ControlStreamMessage(ControlSnapshot? Snapshot, HeldItem? Redeliver);
