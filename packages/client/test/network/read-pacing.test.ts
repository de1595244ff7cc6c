// ReadPacer: how long reading pauses after a read in a deep pipeline, from the measured reply rate.
// Times are injected (ms), so nothing here waits.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BATCH_FRAMES, MAX_PAUSE_MS, ReadPacer } from "../../src/network/read-pacing.ts";

/** Feeds reads of `frames` replies every `everyMs` for `forMs`; returns the pause after the last one. */
function steady(pacer: ReadPacer, frames: number, everyMs: number, forMs: number, deep = true): number {
  let pause = 0;
  for (let t = 0; t <= forMs; t += everyMs) pause = pacer.afterRead(1000 + t, frames, deep);
  return pause;
}

describe("ReadPacer", () => {
  it("never pauses a shallow pipeline", () => {
    assert.equal(steady(new ReadPacer(), 1, 0.1, 50, false), 0);
  });

  it("pauses 1 ms before the rate is known", () => {
    assert.equal(new ReadPacer().afterRead(1000, 2, true), 1);
  });

  it("pauses long enough for a batch at the measured rate", () => {
    // 2 replies every 0.1 ms: 20 per ms, so a batch of 32 takes about 2 ms.
    assert.equal(steady(new ReadPacer(), 2, 0.1, 50), Math.round(BATCH_FRAMES / 20));
  });

  it("caps the pause when replies are slow (bursts of writes)", () => {
    // 6 replies every 1.5 ms: 4 per ms; a batch would take 8 ms.
    assert.equal(steady(new ReadPacer(), 6, 1.5, 60), MAX_PAUSE_MS);
  });

  it("does not pause after a read that is a batch already", () => {
    const pacer = new ReadPacer();
    steady(pacer, 2, 0.1, 50);
    assert.equal(pacer.afterRead(1100, BATCH_FRAMES, true), 0);
  });
});
