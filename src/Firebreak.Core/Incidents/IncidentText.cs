using System.Globalization;

namespace Firebreak.Incidents;

/// <summary>How incident text writes amounts and durations, the same way in reasons, messages and postmortems.</summary>
internal static class IncidentText
{
    /// <summary><c>1,880.00 USD</c>; digits beyond cents are kept, never rounded away.</summary>
    public static string Money(decimal amount, string? currency) =>
        amount.ToString("#,0.00####", CultureInfo.InvariantCulture) + (currency is null ? string.Empty : " " + currency);

    /// <summary><c>30 minutes</c>, <c>1 hour</c>, <c>1 hour 30 minutes</c>, <c>2 days</c>; seconds are dropped above one minute.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromMinutes(1))
        {
            return Unit((int)duration.TotalSeconds, "second");
        }

        var parts = new List<string>(3);
        if (duration.Days > 0)
        {
            parts.Add(Unit(duration.Days, "day"));
        }

        if (duration.Hours > 0)
        {
            parts.Add(Unit(duration.Hours, "hour"));
        }

        if (duration.Minutes > 0)
        {
            parts.Add(Unit(duration.Minutes, "minute"));
        }

        return string.Join(' ', parts);
    }

    private static string Unit(int count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? string.Empty : "s")}");
}
