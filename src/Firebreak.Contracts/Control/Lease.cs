namespace Firebreak.Control;

/// <summary>
/// An enforcement point's lease on the control state: fresh from each renewal for <see cref="Ttl"/>, stale after.
/// The default value has a zero time to live and is therefore always stale.
/// </summary>
public readonly record struct Lease
{
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is not positive.</exception>
    public Lease(DateTimeOffset renewedAt, TimeSpan ttl)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        RenewedAt = renewedAt;
        Ttl = ttl;
    }

    /// <summary>When the enforcement point last heard from the control plane.</summary>
    public DateTimeOffset RenewedAt { get; }

    /// <summary>How long a renewal keeps the lease fresh.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>The first instant at which the lease is stale.</summary>
    public DateTimeOffset StaleAt => RenewedAt + Ttl;

    /// <summary>
    /// Fresh while <paramref name="now"/> is in [<see cref="RenewedAt"/>, <see cref="StaleAt"/>); stale from
    /// <see cref="StaleAt"/> on. A clock that reads earlier than the renewal cannot vouch for freshness, so that is stale too.
    /// </summary>
    public LeaseState StateAt(DateTimeOffset now) => Evaluate(RenewedAt, Ttl, now);

    /// <summary>The same lease renewed at <paramref name="now"/>.</summary>
    public Lease Renew(DateTimeOffset now) => new(now, Ttl);

    /// <inheritdoc cref="StateAt(DateTimeOffset)"/>
    public static LeaseState Evaluate(DateTimeOffset renewedAt, TimeSpan ttl, DateTimeOffset now)
    {
        var elapsed = now - renewedAt;
        return elapsed >= TimeSpan.Zero && elapsed < ttl ? LeaseState.Fresh : LeaseState.Stale;
    }
}
