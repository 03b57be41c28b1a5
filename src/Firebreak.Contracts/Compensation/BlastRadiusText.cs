using System.Globalization;

namespace Firebreak.Compensation;

/// <summary>The one-line summary of a blast radius: <c>312 actions · 312 tickets · 47 customers · USD 12,480.00</c>.</summary>
public static class BlastRadiusText
{
    public static string Summary(BlastRadius radius)
    {
        ArgumentNullException.ThrowIfNull(radius);
        var parts = new List<string> { Count(radius.Actions, "action") };
        parts.AddRange(radius.Entities.Select(e => Count(e.Distinct, e.Type)));
        parts.AddRange(radius.Money.Select(m => Amount(m.Currency, m.Amount)));
        return string.Join(" · ", parts);
    }

    /// <summary>An amount with thousands separators and at least two decimals, never rounded: <c>USD 12,480.00</c>.</summary>
    public static string Amount(string currency, decimal amount)
    {
        // Dividing by 1 with 28 zero decimals drops trailing zeros, so the scale left is the precision the amount needs.
        var normalized = amount / 1.0000000000000000000000000000m;
        var scale = Math.Max(2, (int)normalized.Scale);
        return $"{currency} {amount.ToString("N" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)}";
    }

    private static string Count(long count, string noun) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? noun : noun + "s")}";
}
