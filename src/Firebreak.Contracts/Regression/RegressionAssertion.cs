using System.Globalization;
using System.Text.Json;
using Firebreak.Serialization;

namespace Firebreak.Regression;

/// <summary>One check a replayed run must pass, such as "must not call issue_refund" or "no refund above 0".</summary>
/// <param name="Kind">What is checked.</param>
/// <param name="Tool">The tool, for the call and amount checks.</param>
/// <param name="Text">The text, for the output checks.</param>
/// <param name="Max">The largest allowed amount, for <see cref="AssertionKind.MaxAmount"/>.</param>
/// <param name="Argument">The argument holding the amount, for <see cref="AssertionKind.MaxAmount"/>; <c>amount</c> when <see langword="null"/>.</param>
/// <param name="Arguments">The recorded arguments a call must not repeat, for <see cref="AssertionKind.MustNotCallWith"/>.</param>
public sealed record RegressionAssertion(
    AssertionKind Kind, string? Tool = null, string? Text = null, decimal? Max = null, string? Argument = null, JsonElement? Arguments = null)
{
    public const string DefaultAmountArgument = "amount";

    /// <summary>The assertion as a person reads it.</summary>
    public string Describe() => Kind switch
    {
        AssertionKind.MustNotCall => $"must not call {Tool}",
        AssertionKind.MustCall => $"must call {Tool}",
        AssertionKind.MaxAmount => string.Create(CultureInfo.InvariantCulture, $"no {Tool} {Argument ?? DefaultAmountArgument} above {Max}"),
        AssertionKind.OutputContains => $"output contains \"{Text}\"",
        AssertionKind.OutputNotContains => $"output does not contain \"{Text}\"",
        AssertionKind.MustNotCallWith => $"must not call {Tool} with {(Arguments is { } arguments ? CanonicalJson.Serialize(arguments) : "{}")}",
        _ => Kind.ToString(),
    };
}
