using System.Globalization;
using System.Text.Json;

namespace Firebreak.Regression;

/// <summary>Checks a replay transcript against a case's assertions. Pure: the same transcript always gets the same verdict.</summary>
public static class RegressionEvaluator
{
    public static IReadOnlyList<AssertionOutcome> Evaluate(IReadOnlyList<RegressionAssertion> assertions, ReplayTranscript transcript)
    {
        ArgumentNullException.ThrowIfNull(assertions);
        ArgumentNullException.ThrowIfNull(transcript);
        return [.. assertions.Select(a => Check(a, transcript))];
    }

    private static AssertionOutcome Check(RegressionAssertion assertion, ReplayTranscript transcript)
    {
        var calls = transcript.Calls.Where(c => string.Equals(c.Tool, assertion.Tool, StringComparison.Ordinal)).ToList();
        var output = transcript.Output ?? string.Empty;
        return assertion.Kind switch
        {
            AssertionKind.MustNotCall => calls.Count == 0
                ? Pass(assertion)
                : Fail(assertion, $"called {assertion.Tool} {calls.Count} time(s), first with {calls[0].Arguments.GetRawText()}"),
            AssertionKind.MustCall => calls.Count > 0 ? Pass(assertion) : Fail(assertion, $"never called {assertion.Tool}"),
            AssertionKind.MustNotCallWith => calls.FirstOrDefault(c => Repeats(c.Arguments, assertion.Arguments)) is { } repeated
                ? Fail(assertion, $"called it again with {repeated.Arguments.GetRawText()}")
                : Pass(assertion),
            AssertionKind.MaxAmount => MaxAmount(assertion, calls),
            AssertionKind.OutputContains => output.Contains(assertion.Text ?? string.Empty, StringComparison.OrdinalIgnoreCase)
                ? Pass(assertion)
                : Fail(assertion, $"output was \"{output}\""),
            AssertionKind.OutputNotContains => !output.Contains(assertion.Text ?? string.Empty, StringComparison.OrdinalIgnoreCase)
                ? Pass(assertion)
                : Fail(assertion, $"output was \"{output}\""),
            _ => Fail(assertion, $"unknown assertion kind {assertion.Kind}"),
        };
    }

    private static AssertionOutcome MaxAmount(RegressionAssertion assertion, List<ReplayedCall> calls)
    {
        var argument = assertion.Argument ?? RegressionAssertion.DefaultAmountArgument;
        var max = assertion.Max ?? 0m;
        foreach (var call in calls)
        {
            if (Amount(call.Arguments, argument) is { } amount && amount > max)
            {
                return Fail(assertion, string.Create(CultureInfo.InvariantCulture, $"{assertion.Tool} with {argument} {amount}"));
            }
        }

        return Pass(assertion);
    }

    /// <summary>Whether <paramref name="arguments"/> hold every property of <paramref name="recorded"/> with an equal value.</summary>
    private static bool Repeats(JsonElement arguments, JsonElement? recorded)
    {
        if (recorded is not { ValueKind: JsonValueKind.Object } forbidden || arguments.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in forbidden.EnumerateObject())
        {
            if (!arguments.TryGetProperty(property.Name, out var value) || !SameValue(value, property.Value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameValue(JsonElement left, JsonElement right) =>
        left.ValueKind == JsonValueKind.Number && right.ValueKind == JsonValueKind.Number
            ? left.GetDecimal() == right.GetDecimal()
            : JsonElement.DeepEquals(left, right);

    private static decimal? Amount(JsonElement arguments, string name)
    {
        if (arguments.ValueKind != JsonValueKind.Object || !arguments.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDecimal(),
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    private static AssertionOutcome Pass(RegressionAssertion assertion) => new(assertion, true);

    private static AssertionOutcome Fail(RegressionAssertion assertion, string what) => new(assertion, false, $"{assertion.Describe()}: {what}");
}
