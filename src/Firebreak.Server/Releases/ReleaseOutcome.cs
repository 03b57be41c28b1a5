using Firebreak.Regression;
using Firebreak.Releases;
using Firebreak.Validation;

namespace Firebreak.Server.Releases;

/// <summary>The outcome of a release change: the result, or why nothing changed.</summary>
/// <param name="Result">The change and its confirmations.</param>
/// <param name="Invalid">The request is malformed.</param>
/// <param name="NotFound">The agent, release or incident does not exist.</param>
/// <param name="Conflict">The change is refused as things stand (frozen agent, nothing to roll back to).</param>
/// <param name="Gate">The regression gate refused the promotion; its failing cases.</param>
internal sealed record ReleaseOutcome(
    ActivationResult? Result,
    ValidationErrors? Invalid = null,
    string? NotFound = null,
    string? Conflict = null,
    GateReport? Gate = null);
