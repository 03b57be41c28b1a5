namespace Firebreak.Guardrails;

/// <summary>The comparison of an <see cref="ArgumentRule"/>.</summary>
public enum RuleOperator
{
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Equal,
    NotEqual,
    In,
    NotIn,
    DomainIn,
}
