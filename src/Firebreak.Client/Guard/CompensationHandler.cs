using Firebreak.Ledger;

namespace Firebreak.Client;

/// <summary>
/// Undoes one action of a tool in the agent's own process. <c>idempotencyKey</c> is derived from the original action and
/// is the same on every delivery: the compensator must pass it to the system it changes (or remember it) so that a
/// second delivery has no second effect.
/// </summary>
/// <param name="action">The original action, with its arguments and result.</param>
/// <param name="idempotencyKey">The compensation's idempotency key.</param>
/// <param name="cancellationToken">Cancelled when the guard stops.</param>
public delegate Task CompensationHandler(ActionRecord action, string idempotencyKey, CancellationToken cancellationToken);
