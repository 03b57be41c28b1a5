namespace Firebreak.Ledger;

/// <summary>Amounts are stored exactly as whole millionths of a currency unit.</summary>
public static class Money
{
    public const int MaxScale = 6;

    /// <summary>The largest absolute amount that fits in a 64-bit count of millionths, rounded down to a readable bound.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    public static long ToMicros(decimal amount) => decimal.ToInt64(amount * 1_000_000m);

    public static decimal FromMicros(long micros) => micros / 1_000_000m;
}
