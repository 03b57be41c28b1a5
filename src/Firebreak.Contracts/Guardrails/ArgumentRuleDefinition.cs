namespace Firebreak.Guardrails;

/// <summary>
/// An out-of-policy argument rule of one tool, as the registry declares it: <c>{ "tool": "issue_refund", "rule":
/// "amount &lt;= 50", "action": "block" }</c>. The rule says what is allowed; <see cref="ArgumentRule"/> documents
/// the grammar and parses it once.
/// </summary>
/// <param name="Tool">The tool whose arguments the rule constrains.</param>
/// <param name="Rule">The rule text, at most <see cref="ArgumentRule.MaxLength"/> characters.</param>
/// <param name="Action">What a call that breaks the rule gets.</param>
/// <param name="Name">The guardrail name hits carry; <c>{tool}: {rule}</c> when omitted.</param>
public sealed record ArgumentRuleDefinition(string Tool, string Rule, GuardrailAction Action, string? Name = null)
{
    /// <summary>The name hits carry.</summary>
    public string EffectiveName => Name ?? $"{Tool}: {Rule}";
}
