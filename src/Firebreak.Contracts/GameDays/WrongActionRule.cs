using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.GameDays;

/// <summary>
/// Which executed actions of a drill are the failure's wrong actions: calls of <see cref="Tool"/> whose argument
/// <see cref="Argument"/> equals <see cref="Value"/> (a goodwill refund), or, with <see cref="AllowedRepeats"/>, the
/// calls of <see cref="Tool"/> in one run beyond that many with identical arguments (a tool loop).
/// </summary>
/// <param name="Tool">The tool whose calls can be wrong.</param>
/// <param name="Argument">The argument to match; <see langword="null"/> for every call of the tool.</param>
/// <param name="Value">The string value <paramref name="Argument"/> must have.</param>
/// <param name="AllowedRepeats">When set, how many calls of the tool with the same arguments a run may make before the next ones count as wrong.</param>
public sealed record WrongActionRule(string Tool, string? Argument = null, string? Value = null, int? AllowedRepeats = null)
{
    /// <summary>What the rule counts, for people.</summary>
    public string Describe() => AllowedRepeats is { } allowed
        ? $"{Tool} calls repeated with the same arguments beyond {allowed} per run"
        : Argument is null ? $"{Tool} calls" : $"{Tool} calls with {Argument} = {Value}";

    /// <summary>The wrong actions among <paramref name="actions"/>, executed ones only, in ledger order.</summary>
    public IReadOnlyList<ActionRecord> Select(IEnumerable<ActionRecord> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var executed = actions
            .Where(a => a.Outcome == ActionOutcome.Executed && string.Equals(a.Tool, Tool, StringComparison.Ordinal))
            .OrderBy(a => a.Seq)
            .ToList();
        if (AllowedRepeats is { } allowed)
        {
            return [.. executed
                .GroupBy(a => (a.RunId, a.ArgumentsDigest))
                .SelectMany(run => run.Skip(allowed))
                .OrderBy(a => a.Seq)];
        }

        return Argument is null ? executed : [.. executed.Where(Matches)];
    }

    private bool Matches(ActionRecord action) =>
        action.Arguments.ValueKind == JsonValueKind.Object
        && action.Arguments.TryGetProperty(Argument!, out var value)
        && value.ValueKind == JsonValueKind.String
        && string.Equals(value.GetString(), Value, StringComparison.Ordinal);
}
