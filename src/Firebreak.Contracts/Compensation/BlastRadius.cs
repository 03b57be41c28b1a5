namespace Firebreak.Compensation;

/// <summary>What a selection of actions touched: runs, actions, distinct entities per type, money per currency and when.</summary>
/// <param name="Selection">The selection as applied, with an incident's agents and window filled in.</param>
/// <param name="Runs">Distinct runs the actions belong to.</param>
/// <param name="Actions">Actions selected.</param>
/// <param name="Entities">Distinct entities per type, most first.</param>
/// <param name="Money">Amounts per currency, in currency order.</param>
/// <param name="FirstAt">When the first selected action was recorded.</param>
/// <param name="LastAt">When the last selected action was recorded.</param>
public sealed record BlastRadius(
    BlastRadiusSelection Selection,
    long Runs,
    long Actions,
    IReadOnlyList<EntityCount> Entities,
    IReadOnlyList<MoneyTotal> Money,
    DateTimeOffset? FirstAt,
    DateTimeOffset? LastAt);
