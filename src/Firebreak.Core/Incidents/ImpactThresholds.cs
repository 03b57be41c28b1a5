namespace Firebreak.Incidents;

/// <summary>
/// Where "broad" and "large" begin for <see cref="SeverityClassifier"/>. A value equal to a threshold counts as crossing it:
/// when the numbers sit on the line, the classifier picks the higher severity. Every threshold must be positive.
/// </summary>
/// <param name="CriticalCustomers">Customers affected at which impact is broad enough for SEV1 while the agent is still acting, and SEV2 otherwise. Default 100.</param>
/// <param name="CriticalEntities">Records affected at which impact is broad enough for SEV1 while the agent is still acting, and SEV2 otherwise. Default 1,000.</param>
/// <param name="CriticalMoney">Amount moved in error that is SEV1 on its own, compared in the facts' currency. Default 10,000.</param>
/// <param name="HighCustomers">Customers affected at which a user-visible problem is SEV2 rather than SEV3. Default 25.</param>
internal sealed record ImpactThresholds(
    int CriticalCustomers = 100,
    int CriticalEntities = 1_000,
    decimal CriticalMoney = 10_000m,
    int HighCustomers = 25)
{
    /// <summary>The thresholds Firebreak ships with (the parameter defaults).</summary>
    public static ImpactThresholds Default { get; } = new();
}
