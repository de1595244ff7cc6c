// ReadPacer: how long reading pauses after a read, from the measured reply rate and the requests in
// flight. Times are injected (ms), so nothing here waits.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BATCH_FRAMES, MAX_PAUSE_MS, MIN_BATCH, QUEUE_FRACTION, ReadPacer } from "../../src/network/read-pacing.ts";

/**
 * Feeds reads of `frames` replies every `everyMs` for `forMs` from a pipeline `depth` deep (refilled after
 * each read); returns the pause after the last one.
 */
function steady(pacer: ReadPacer, frames: number, everyMs: number, forMs: number, depth = 1000): number {
  let pause = 0;
  for (let t = 0; t <= forMs; t += everyMs) pause = pacer.afterRead(1000 + t, frames, depth - frames);
  return pause;
}

describe("ReadPacer", () => {
  it("never pauses a shallow pipeline", () => {
    assert.equal(steady(new ReadPacer(), 1, 0.1, 50, 1), 0);
    // Too few in flight for a batch worth waiting for, however slow the replies.
    assert.equal(steady(new ReadPacer(), 1, 1, 100, MIN_BATCH / QUEUE_FRACTION - 1), 0);
  });

  it("does not pause before the rate is known", () => {
    assert.equal(new ReadPacer().afterRead(1000, 2, 1000), 0);
  });

  it("pauses long enough for a batch at the measured rate", () => {
    // 2 replies every 0.1 ms: 20 per ms, so a batch takes about 3 ms (rounded down).
    assert.equal(steady(new ReadPacer(), 2, 0.1, 50), Math.floor(BATCH_FRAMES / 20));
  });

  it("waits for a full batch when writes are answered slowly at 1000 in flight (no 4 ms cap)", () => {
    // 6 replies every 1.5 ms: 4 per ms, as setData at 1000 in flight; 64 replies take 16 ms, 8% of
    // the 250 ms that 1000 requests queue at that rate.
    assert.equal(steady(new ReadPacer(), 6, 1.5, 60), 16);
  });

  it("paces 100 in flight, waiting for at most a quarter of them", () => {
    // 12 replies per ms (getData at 100): 25 replies gather in 2 ms, rounded down to stay in bound.
    assert.equal(steady(new ReadPacer(), 3, 0.25, 60, 100), 2);
    // 4 per ms (setData at 100): 25 replies in 6 ms.
    assert.equal(steady(new ReadPacer(), 6, 1.5, 60, 100), 6);
  });

  it("measures the depth before the read's replies were taken off the pipeline", () => {
    const pacer = new ReadPacer();
    steady(pacer, 6, 1.5, 60, 100);
    // 100 deep, 23 replies read (77 left): short of a batch of 25, so the next read waits again.
    assert.equal(pacer.afterRead(1061, 23, 77), 6);
  });

  it("never waits for more than the in-flight fraction, however slow the replies", () => {
    // 1 reply per ms with 200 in flight: 50 replies would take 50 ms; the safety cap holds it to 20.
    assert.equal(steady(new ReadPacer(), 1, 1, 60, 200), MAX_PAUSE_MS);
  });

  it("forgets the rate after an idle spell", () => {
    const pacer = new ReadPacer();
    steady(pacer, 6, 1.5, 60);
    // 5 s without replies, then a burst: no pause from a rate averaged over the idle time.
    assert.equal(pacer.afterRead(6000, 2, 998), 0);
    assert.equal(pacer.afterRead(6001, 2, 998), 0);
  });

  it("does not pause after a read that is a batch already", () => {
    const pacer = new ReadPacer();
    steady(pacer, 2, 0.1, 50);
    assert.equal(pacer.afterRead(1100, BATCH_FRAMES, 1000 - BATCH_FRAMES), 0);
    // At 100 in flight a batch is a quarter of them.
    assert.equal(pacer.afterRead(1101, 100 * QUEUE_FRACTION, 100 - 100 * QUEUE_FRACTION), 0);
  });
});
