import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cycleOffsets, DEFAULT_BATCH_SERVERS } from "../../src/collect/cycle-batches.ts";

describe("collect > cycle batches", () => {
  test("1,000 servers in ensembles of 5 make 10 batches 500 ms apart at 5 s", () => {
    const offsets = cycleOffsets(new Array(200).fill(5), 5000);
    assert.equal(DEFAULT_BATCH_SERVERS, 100);
    assert.deepEqual([...new Set(offsets)], [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500]);
    for (let i = 0; i < 200; i++) assert.equal(offsets[i], Math.floor(i / 20) * 500, `ensemble ${i}`);
  });

  test("a fleet smaller than one batch starts together", () => {
    assert.deepEqual(cycleOffsets([3, 5, 3], 5000), [0, 0, 0]);
  });

  test("an ensemble is never split; one larger than a batch is a batch of its own", () => {
    // 3 | 9 (over 5, alone) | 3 + 2 | 4
    assert.deepEqual(cycleOffsets([3, 9, 3, 2, 4], 4000, 5), [0, 1000, 2000, 2000, 3000]);
  });

  test("one server per batch spreads every ensemble evenly", () => {
    assert.deepEqual(cycleOffsets([1, 1, 1, 1], 1000, 1), [0, 250, 500, 750]);
  });

  test("no ensembles, no offsets; a bad batch size is refused", () => {
    assert.deepEqual(cycleOffsets([], 5000), []);
    assert.throws(() => cycleOffsets([5], 5000, 0), { name: "RangeError", message: /batchServers must be a positive integer, got 0/ });
    assert.throws(() => cycleOffsets([5], 5000, 1.5), RangeError);
  });
});
