using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Firebreak.Incidents;

/// <summary>The kebab-case names of <see cref="FailureClass"/> (<c>intent-misclassification</c>, <c>tool-misuse</c>, ...).</summary>
public static class FailureClassNames
{
    private static readonly FrozenDictionary<FailureClass, string> Names = new Dictionary<FailureClass, string>
    {
        [FailureClass.IntentMisclassification] = "intent-misclassification",
        [FailureClass.ToolMisuse] = "tool-misuse",
        [FailureClass.ContextDrift] = "context-drift",
        [FailureClass.PolicyBypass] = "policy-bypass",
        [FailureClass.CostRunaway] = "cost-runaway",
        [FailureClass.Other] = "other",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, FailureClass> ByName =
        Names.ToFrozenDictionary(n => n.Value, n => n.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every name, in declaration order, for help texts and error messages.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<FailureClass>().Select(Format)];

    /// <summary>The kebab-case name, e.g. <c>tool-misuse</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failureClass"/> is not a defined value.</exception>
    public static string Format(FailureClass failureClass) =>
        Names.TryGetValue(failureClass, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(failureClass), failureClass, "Not a failure class.");

    /// <summary>Parses a kebab-case name, ignoring case and surrounding spaces.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out FailureClass failureClass)
    {
        failureClass = default;
        return text is not null && ByName.TryGetValue(text.Trim(), out failureClass);
    }

    /// <summary>Parses a kebab-case name.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not a failure class.</exception>
    public static FailureClass Parse(string text) =>
        TryParse(text, out var failureClass)
            ? failureClass
            : throw new FormatException($"'{text}' is not a failure class; use one of {string.Join(", ", All)}.");
}
