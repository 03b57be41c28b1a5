namespace Firebreak.Cli.GameDays;

/// <summary>
/// The poisoned document a <see cref="Firebreak.GameDays.GameDayInjection.PlantDocument"/> drill plants through the drill
/// target. Each drill plants it under a fresh source, <see cref="Source"/> followed by <c>-&lt;yyyyMMddHHmmss&gt;</c>, so
/// a source quarantined by an earlier drill does not hide it.
/// </summary>
internal sealed record DrillDocument(string Source, string Title, string Text, IReadOnlyList<string> Topics);
