using System.Text.Json;
using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Serialization;

namespace Firebreak.Client;

/// <summary>The guardrails of the agent's registry entry, applied after the control decision (see <see cref="GuardrailEvaluator"/>).</summary>
public sealed partial class AgentGuard
{
    private const string PointKind = "sdk";

    /// <summary>
    /// Checks a document the agent retrieved (knowledge base, memory, web page) before the model reads it, with the
    /// agent's injection guardrail for retrieved content. Every hit is recorded as a <c>guardrail</c> step of
    /// <paramref name="runId"/> and counted; a blocked document is withheld and the model gets the guard's message instead.
    /// At the strict policy level flags block and a single weak signal is enough.
    /// </summary>
    /// <param name="runId">The run that retrieved the document; <see langword="null"/> outside a run (hits are then only counted).</param>
    /// <param name="sourceId">The document's id, recorded in the trace.</param>
    /// <param name="content">The document's text.</param>
    /// <param name="cancellationToken">Cancels recording the hits.</param>
    public async Task<RetrievedContentCheck> CheckRetrievedAsync(string? runId, string sourceId, string content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentNullException.ThrowIfNull(content);
        var state = Volatile.Read(ref _state);
        var outcome = state.Guardrails.CheckRetrieved(sourceId, content, state.Snapshot.IsStrict(_options.AgentId));
        if (outcome.IsClean)
        {
            return new RetrievedContentCheck(sourceId, Withheld: false, content, outcome);
        }

        foreach (var hit in outcome.Hits)
        {
            GuardrailMetrics.Hits.Add(1, GuardrailMetrics.Tags(_options.AgentId, hit, PointKind));
            if (runId is null)
            {
                continue;
            }

            var step = HitStep(hit);
            if (_unrecordedRuns.ContainsKey(runId))
            {
                _outbox.Enqueue(t => _client.AppendStepAsync(runId, step, t));
                continue;
            }

            try
            {
                await _client.AppendStepAsync(runId, step, cancellationToken);
            }
            catch (Exception e) when (IsUnreachable(e, cancellationToken))
            {
                _outbox.Enqueue(t => _client.AppendStepAsync(runId, step, t));
            }
        }

        return outcome.Blocks
            ? new RetrievedContentCheck(sourceId, Withheld: true, outcome.Message!, outcome)
            : new RetrievedContentCheck(sourceId, Withheld: false, content, outcome);
    }

    private GuardrailOutcome CheckArguments(ToolCall call)
    {
        var state = Volatile.Read(ref _state);
        var outcome = state.Guardrails.CheckArguments(call.Tool, call.Arguments, state.Snapshot.IsStrict(_options.AgentId));
        Recorded(outcome, call.RunId);
        return outcome;
    }

    /// <summary>Checks a result the effect produced; throws when a guardrail withholds it from the model.</summary>
    private void CheckResult(ToolCall call, GuardDecision decision, JsonElement? result)
    {
        var state = Volatile.Read(ref _state);
        if (result is not { } value || !state.Guardrails.ChecksResults)
        {
            return;
        }

        var outcome = state.Guardrails.CheckResult(call.Tool, value, state.Snapshot.IsStrict(_options.AgentId));
        Recorded(outcome, call.RunId);
        if (outcome.Blocks)
        {
            throw Blocked(call, new ToolBlockedException(decision, outcome.Message!) { Guardrails = outcome });
        }
    }

    /// <summary>Records a call its guardrails blocked: the action as blocked, with the hits as its result when there is no run to hold them.</summary>
    private ToolBlockedException BlockByGuardrails(ToolCall call, ActionDetails details, CallPlan plan, GuardrailOutcome outcome)
    {
        var hits = call.RunId is null ? JsonSerializer.SerializeToElement(new { guardrails = outcome.Hits }, FirebreakJson.Options) : (JsonElement?)null;
        var blocked = Record(call, details, ActionOutcome.Blocked, hits, null);
        _outbox.Enqueue(t => _client.RecordActionAsync(blocked, t));
        return Blocked(call, new ToolBlockedException(plan.Decision, plan.Message!) { Guardrails = outcome });
    }

    private void Recorded(GuardrailOutcome outcome, string? runId)
    {
        foreach (var hit in outcome.Hits)
        {
            GuardrailMetrics.Hits.Add(1, GuardrailMetrics.Tags(_options.AgentId, hit, PointKind));
            if (runId is not null)
            {
                var step = HitStep(hit);
                _outbox.Enqueue(t => _client.AppendStepAsync(runId, step, t));
            }
        }
    }

    private static AppendStepRequest HitStep(GuardrailHit hit) =>
        new(StepKind.Guardrail, hit.Guardrail, JsonSerializer.SerializeToElement(hit, FirebreakJson.Options), hit.SourceId is null ? null : [hit.SourceId]);

    private JsonElement Traced(JsonElement value) => Volatile.Read(ref _state).Guardrails.RedactForTrace(value);

    private JsonElement? Traced(JsonElement? value) => value is { } json ? Traced(json) : null;
}
