using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.Regression;

/// <summary>Turns a run's decision trace into a replayable case: its input, its retrieval steps and its tool calls with their responses.</summary>
internal static class RegressionCapture
{
    /// <returns>The case, or <see langword="null"/> with <paramref name="problem"/> when the run cannot be replayed (it recorded no input).</returns>
    public static RegressionCase? FromRun(
        string caseId,
        CreateRegressionCaseRequest request,
        DecisionTrace trace,
        IReadOnlyList<ActionRecord> actions,
        string createdBy,
        DateTimeOffset at,
        out string? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(actions);
        problem = null;
        JsonElement? input = null;
        var context = new List<JsonElement>();
        foreach (var item in trace.Items.Where(i => i.Kind == LedgerEntryKinds.Step))
        {
            var kind = item.Payload.TryGetProperty("kind", out var k) ? k.GetString() : null;
            if (kind == "input" && input is null && item.Payload.TryGetProperty("data", out var data))
            {
                input = data.Clone();
            }
            else if (kind == "retrieval")
            {
                context.Add(item.Payload.Clone());
            }
        }

        if (input is not { } recordedInput)
        {
            problem = $"Run '{trace.Run.Id}' recorded no input step, so it cannot be replayed.";
            return null;
        }

        var assertions = request.Negative == true ? [.. request.Assertions, .. Forbidden(trace.Run.Id, actions, request.NegativeTools)] : request.Assertions;
        if (assertions.Count == 0)
        {
            problem = request.NegativeTools is { Count: > 0 } tools
                ? $"Run '{trace.Run.Id}' recorded no call of {string.Join(", ", tools)}, so a negative case would forbid nothing."
                : $"Run '{trace.Run.Id}' recorded no call with an amount; name the tools whose calls must not recur.";
            return null;
        }

        var calls = actions
            .Where(a => string.Equals(a.RunId, trace.Run.Id, StringComparison.Ordinal))
            .OrderBy(a => a.Seq)
            .Select(a => new RecordedToolCall(a.Tool, a.Arguments.Clone(), a.Result?.Clone()))
            .ToList();
        return new RegressionCase(
            caseId,
            trace.Run.AgentId,
            request.Name ?? trace.Run.Id,
            trace.Run.Id,
            recordedInput,
            context,
            calls,
            assertions,
            createdBy,
            at,
            request.IncidentId,
            trace.Run.Release.ReleaseId);
    }

    /// <summary>
    /// What a negative case forbids: each distinct recorded call of <paramref name="tools"/> (or, without tools, each call
    /// that moved money) as a <see cref="AssertionKind.MustNotCallWith"/> of its exact arguments.
    /// </summary>
    public static IReadOnlyList<RegressionAssertion> Forbidden(string runId, IReadOnlyList<ActionRecord> actions, IReadOnlyList<string>? tools)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return [.. actions
            .Where(a => string.Equals(a.RunId, runId, StringComparison.Ordinal) && a.Arguments.ValueKind == JsonValueKind.Object)
            .Where(a => tools is { Count: > 0 } ? tools.Contains(a.Tool, StringComparer.Ordinal) : a.Amount is not null)
            .OrderBy(a => a.Seq)
            .DistinctBy(a => (a.Tool, a.ArgumentsDigest))
            .Select(a => new RegressionAssertion(AssertionKind.MustNotCallWith, Tool: a.Tool, Arguments: a.Arguments.Clone()))];
    }
}
