using Firebreak.Guardrails;

namespace Firebreak.Client;

/// <summary>What <see cref="AgentGuard.CheckRetrievedAsync"/> decided about one retrieved document.</summary>
/// <param name="SourceId">The document's id, as recorded in the trace (<c>kb:refund-policy</c>).</param>
/// <param name="Withheld">Whether a guardrail blocked the document: the model must not read it.</param>
/// <param name="Content">What the model may read: the document itself, or, when withheld, the guard's message saying why.</param>
/// <param name="Guardrails">Every guardrail hit, including flags that let the document through.</param>
public sealed record RetrievedContentCheck(string SourceId, bool Withheld, string Content, GuardrailOutcome Guardrails);
