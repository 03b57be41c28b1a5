namespace Firebreak.Guardrails;

/// <summary>What kind of risk a guardrail looks for.</summary>
public enum GuardrailCategory
{
    /// <summary>Instructions aimed at the model hidden in tool inputs, tool results or retrieved content.</summary>
    Injection,

    /// <summary>Personal data: emails, card numbers, phone numbers, national ids, IBANs.</summary>
    Pii,

    /// <summary>Arguments outside the agent's declared policy (<c>amount &lt;= 50</c>, recipient allow-lists).</summary>
    Policy,
}
