import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Lease, roundTripFormat } from "../src/index.js";

describe("Lease", () => {
  test("is fresh from its renewal until its time to live has passed, stale from then on", () => {
    const lease = new Lease(1000, 5000);
    assert.equal(lease.stateAt(1000), "fresh");
    assert.equal(lease.stateAt(5999), "fresh");
    assert.equal(lease.stateAt(6000), "stale");
    assert.equal(lease.staleAt, 6000);
  });

  test("is stale on a clock that reads earlier than the renewal", () => {
    assert.equal(new Lease(1000, 5000).stateAt(999), "stale");
  });

  test("renewing keeps the time to live", () => {
    const renewed = new Lease(0, 300).renew(1000);
    assert.equal(renewed.stateAt(1299), "fresh");
    assert.equal(renewed.stateAt(1300), "stale");
  });

  test("refuses a time to live that is not positive", () => {
    assert.throws(() => new Lease(0, 0), RangeError);
    assert.throws(() => new Lease(0, Number.NaN), RangeError);
  });
});

describe("roundTripFormat", () => {
  test("writes times as .NET's round-trip format writes a DateTimeOffset", () => {
    assert.equal(roundTripFormat("2026-06-01T13:00:00+00:00"), "2026-06-01T13:00:00.0000000+00:00");
    assert.equal(roundTripFormat("2026-06-01T13:00:00.25Z"), "2026-06-01T13:00:00.2500000+00:00");
    assert.equal(roundTripFormat("2026-06-01T13:00:00.123456789-05:30"), "2026-06-01T13:00:00.1234567-05:30");
  });
});
