namespace Firebreak.GameDays;

/// <summary>A drill report as the server stores it (<c>POST /api/v1/gamedays</c>), which readiness reads back.</summary>
/// <param name="Id">Assigned by the server (<c>gd_</c> + 32 hex characters).</param>
/// <param name="RecordedBy">The key that posted it.</param>
/// <param name="RecordedAt">When the server stored it.</param>
/// <param name="Report">The report as posted.</param>
public sealed record GameDayRecord(string Id, string RecordedBy, DateTimeOffset RecordedAt, GameDayReport Report);
