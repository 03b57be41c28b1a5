using Firebreak.Control;

namespace Firebreak.Server.Control;

/// <summary>The content of a <c>control_change</c> ledger entry, as hashed and stored.</summary>
internal sealed record ControlChangePayload(long Epoch, ControlChange Change);
