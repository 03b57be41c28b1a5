using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.Regression;

/// <summary>Turns a run's decision trace into a replayable case: its input, its retrieval steps and its tool calls with their responses.</summary>
public static class RegressionCapture
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
            request.Assertions,
            createdBy,
            at,
            request.IncidentId,
            trace.Run.Release.ReleaseId);
    }
}
