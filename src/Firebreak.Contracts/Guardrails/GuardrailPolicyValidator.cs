using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Guardrails;

/// <summary>Checks an agent's <see cref="GuardrailPolicy"/> before it enters the registry: every rule parses, every name and action is known.</summary>
public static class GuardrailPolicyValidator
{
    public const int MaxRules = 64;

    /// <summary>Adds the policy's errors to <paramref name="errors"/>, under fields starting with <paramref name="field"/> (<c>guardrails</c>).</summary>
    public static void Validate(GuardrailPolicy policy, ValidationErrors errors, string field = "guardrails")
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(errors);
        if (policy.Injection is { } injection)
        {
            if (injection.Inputs is null && injection.Results is null && injection.Retrieved is null)
            {
                errors.Add($"{field}.injection", "must set an action for at least one of inputs, results or retrieved");
            }

            ValidateAction(errors, $"{field}.injection.inputs", injection.Inputs);
            ValidateAction(errors, $"{field}.injection.results", injection.Results);
            ValidateAction(errors, $"{field}.injection.retrieved", injection.Retrieved);
        }

        if (policy.Pii is { } pii)
        {
            ValidateAction(errors, $"{field}.pii.action", pii.Action);
            if (!pii.Arguments && !pii.Results)
            {
                errors.Add($"{field}.pii", "must check arguments, results or both");
            }

            for (var i = 0; i < (pii.Kinds?.Count ?? 0); i++)
            {
                if (!Enum.IsDefined(pii.Kinds![i]))
                {
                    errors.Add($"{field}.pii.kinds[{i}]", "is not a PII kind");
                }
            }

            for (var i = 0; i < (pii.Tools?.Count ?? 0); i++)
            {
                if (!AgentValidator.IsToolName(pii.Tools![i]))
                {
                    errors.Add($"{field}.pii.tools[{i}]", "must be a tool name");
                }
            }
        }

        if (policy.Rules is { } rules)
        {
            if (rules.Count > MaxRules)
            {
                errors.Add($"{field}.rules", $"must hold at most {MaxRules} rules");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                var at = $"{field}.rules[{i}]";
                if (rule is null)
                {
                    errors.Add(at, "must not be null");
                    continue;
                }

                if (!AgentValidator.IsToolName(rule.Tool))
                {
                    errors.Add($"{at}.tool", "must be a tool name");
                }

                if (!ArgumentRule.TryParse(rule.Rule, out _, out var problem))
                {
                    errors.Add($"{at}.rule", problem);
                }

                ValidateAction(errors, $"{at}.action", rule.Action);
                if (rule.Name is not null)
                {
                    errors.Required($"{at}.name", rule.Name, 100);
                }

                if (!names.Add(rule.EffectiveName))
                {
                    errors.Add($"{at}.name", $"'{rule.EffectiveName}' is declared twice");
                }
            }
        }
    }

    private static void ValidateAction(ValidationErrors errors, string field, GuardrailAction? action)
    {
        if (action is { } value && !Enum.IsDefined(value))
        {
            errors.Add(field, "must be block, approval or flag");
        }
    }
}
