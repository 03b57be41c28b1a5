namespace Firebreak.Guardrails;

/// <summary>Where in an agent's work a guardrail looked.</summary>
public enum GuardrailStage
{
    /// <summary>A tool call's arguments, before the call runs.</summary>
    Arguments,

    /// <summary>A tool call's result, after it ran and before the model reads it.</summary>
    Result,

    /// <summary>A document the agent retrieved (knowledge base, memory, web page) before the model reads it.</summary>
    Retrieved,
}
