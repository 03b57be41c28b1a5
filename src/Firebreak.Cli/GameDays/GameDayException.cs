namespace Firebreak.Cli.GameDays;

/// <summary>A drill that cannot run at all (no agent taking tickets, a drill target that cannot be reached), as opposed to one that fails its bounds.</summary>
internal sealed class GameDayException(string message) : Exception(message);
