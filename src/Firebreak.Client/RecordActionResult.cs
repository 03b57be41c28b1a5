using Firebreak.Ledger;

namespace Firebreak.Client;

/// <summary>The outcome of recording an action.</summary>
/// <param name="Action">The action as stored.</param>
/// <param name="Created">
/// <see langword="true"/> when this call recorded the action; <see langword="false"/> when the same idempotency key
/// had already been recorded with identical arguments, so a retry is safe and nothing new was written.
/// </param>
public sealed record RecordActionResult(ActionRecord Action, bool Created);
