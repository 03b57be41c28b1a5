namespace Firebreak.Guardrails;

/// <summary>
/// One guardrail that fired, as the data of a <c>guardrail</c> step in a run's trace (or in the result of a blocked
/// action outside a run). <see cref="Detail"/> never carries personal data: values are redacted before it is built.
/// </summary>
/// <param name="Guardrail">The guardrail's name: <c>injection</c>, <c>pii</c>, or an argument rule's name.</param>
/// <param name="Category">What kind of risk it found.</param>
/// <param name="Verdict">What the enforcement point did, after the strict policy level applied.</param>
/// <param name="Stage">Where it looked: arguments, result or retrieved content.</param>
/// <param name="Detail">What matched, for people: pattern names, PII kinds and argument paths, the violated rule; redacted.</param>
/// <param name="Tool">The tool whose arguments or result hit; <see langword="null"/> for retrieved content.</param>
/// <param name="SourceId">The retrieved document's id (<c>kb:refund-policy</c>); <see langword="null"/> for tool calls.</param>
/// <param name="Strict">Whether the strict policy level raised the verdict (a flag became a block) or lowered the threshold that fired.</param>
/// <param name="Excerpt">For injection, the start of the offending text, redacted, for investigators; never shown to the model, which must not read the injected words.</param>
public sealed record GuardrailHit(
    string Guardrail,
    GuardrailCategory Category,
    GuardrailAction Verdict,
    GuardrailStage Stage,
    string Detail,
    string? Tool = null,
    string? SourceId = null,
    bool Strict = false,
    string? Excerpt = null);
