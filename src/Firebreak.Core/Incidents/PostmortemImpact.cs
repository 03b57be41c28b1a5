namespace Firebreak.Incidents;

/// <summary>The measured blast radius of an incident, as a postmortem reports it.</summary>
/// <param name="Actions">Wrong actions the agent took.</param>
/// <param name="EntitiesByType">Distinct records touched, by entity type (<c>ticket</c> → 312).</param>
/// <param name="Customers">Distinct customers affected.</param>
/// <param name="MoneyByCurrency">Amount moved in error, by ISO 4217 currency code.</param>
/// <param name="Duration">From detection to resolution; <see langword="null"/> (the default) when not known yet.</param>
/// <param name="Notes">Anything the numbers miss, such as data exposure or reputation; <see langword="null"/> (the default) for none.</param>
internal sealed record PostmortemImpact(
    int Actions,
    IReadOnlyDictionary<string, int> EntitiesByType,
    int Customers,
    IReadOnlyDictionary<string, decimal> MoneyByCurrency,
    TimeSpan? Duration = null,
    string? Notes = null);
