using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.Client;

/// <summary>The run that guarded tools (<see cref="FirebreakToolExtensions.WithFirebreak"/>) act for.</summary>
/// <param name="RunId">The run's id; with the model's call id it makes each call's idempotency key.</param>
/// <param name="CorrelationId">The correlation id recorded with each action, if any.</param>
public sealed record FirebreakRunContext(string RunId, string? CorrelationId = null)
{
    /// <summary>The release the run runs on, recorded with each action; <see cref="For"/> takes it from the run.</summary>
    public string? ReleaseId { get; init; }

    /// <summary>
    /// Makes the idempotency key of a call from the tool name, the model's call id (when there is one) and the
    /// arguments. When <see langword="null"/> (the default) the key is <c>&lt;run&gt;:&lt;call id&gt;</c>, or, without a
    /// call id, <c>&lt;run&gt;:&lt;tool&gt;:&lt;argument digest&gt;</c>, so a replayed call maps to the same action.
    /// </summary>
    public Func<string, string?, JsonElement, string>? IdempotencyKeys { get; init; }

    /// <summary>The context of a run started by <see cref="AgentGuard.StartRunAsync"/>.</summary>
    public static FirebreakRunContext For(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new FirebreakRunContext(run.Id, run.CorrelationId) { ReleaseId = run.Release.ReleaseId };
    }
}
