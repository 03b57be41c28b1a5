/** The state of an enforcement point's lease on the control state. */
export type LeaseState = "fresh" | "stale";

/**
 * An enforcement point's lease: fresh from each renewal for `ttlMs`, stale after; the port of `Lease` in Firebreak.Core.
 * Times are milliseconds on one clock (the guard uses the monotonic `performance.now()`).
 */
export class Lease {
  /**
   * @param renewedAt When the point last heard from the control plane.
   * @param ttlMs How long a renewal keeps the lease fresh; must be positive.
   */
  constructor(readonly renewedAt: number, readonly ttlMs: number) {
    if (!(ttlMs > 0)) {
      throw new RangeError(`The lease's time to live must be positive, not ${ttlMs}.`);
    }
  }

  /** The first instant at which the lease is stale. */
  get staleAt(): number {
    return this.renewedAt + this.ttlMs;
  }

  /**
   * Fresh while `now` is in [renewedAt, staleAt); stale from staleAt on. A clock that reads earlier than the renewal
   * cannot vouch for freshness, so that is stale too.
   */
  stateAt(now: number): LeaseState {
    const elapsed = now - this.renewedAt;
    return elapsed >= 0 && elapsed < this.ttlMs ? "fresh" : "stale";
  }

  /** The same lease renewed at `now`. */
  renew(now: number): Lease {
    return new Lease(now, this.ttlMs);
  }
}
