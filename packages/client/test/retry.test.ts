// retry(): backoff with jitter, with an injected sleep, random and clock.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectionLossError, OperationTimeoutError, ZooKeeperError } from "../src/errors.ts";
import { ZK_CODES } from "../src/protocol/error-codes.ts";
import { backoffDelay, RetriesExhaustedError, retry } from "../src/retry.ts";

function harness(random = () => 0.5) {
  const sleeps: number[] = [];
  let clock = 0;
  return {
    sleeps,
    opts: {
      random,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        clock += ms;
      },
      now: () => clock,
    },
  };
}

describe("retry", () => {
  it("backs off exponentially up to the maximum", () => {
    const ceilings = Array.from({ length: 8 }, (_, a) => backoffDelay(a, 100, 5000, () => 1));
    assert.deepEqual(ceilings, [100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it("keeps the jitter within [ceiling/2, ceiling]", () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const ceiling = Math.min(5000, 100 * 2 ** attempt);
      assert.equal(backoffDelay(attempt, 100, 5000, () => 0), ceiling / 2);
      for (const r of [0.1, 0.37, 0.5, 0.99, 0.999999]) {
        const d = backoffDelay(attempt, 100, 5000, () => r);
        assert.ok(d >= ceiling / 2 && d <= ceiling, `${d} in [${ceiling / 2}, ${ceiling}]`);
      }
    }
  });

  it("retries retriable errors with growing delays and returns the result", async () => {
    const h = harness(() => 1);
    const errors = [new ConnectionLossError(), new OperationTimeoutError(10), new ZooKeeperError(ZK_CODES.THROTTLED_OP)];
    const seen: number[] = [];
    const retried: number[] = [];
    const value = await retry(
      async (attempt) => {
        seen.push(attempt);
        const e = errors[attempt];
        if (e) throw e;
        return "done";
      },
      { ...h.opts, baseDelayMs: 10, onRetry: (_e, n) => retried.push(n) },
    );
    assert.equal(value, "done");
    assert.deepEqual(seen, [0, 1, 2, 3]);
    assert.deepEqual(h.sleeps, [10, 20, 40]);
    assert.deepEqual(retried, [1, 2, 3]);
  });

  it("throws a non-retriable error at once", async () => {
    const h = harness();
    let calls = 0;
    const noNode = new ZooKeeperError(ZK_CODES.NO_NODE, { path: "/x" });
    await assert.rejects(
      retry(async () => {
        calls++;
        throw noNode;
      }, h.opts),
      (e) => e === noNode,
    );
    assert.equal(calls, 1);
    assert.deepEqual(h.sleeps, []);
    // Errors that are not the client's are not retried either (by default).
    await assert.rejects(
      retry(async () => {
        throw new TypeError("bug");
      }, h.opts),
      TypeError,
    );
  });

  it("gives up with RetriesExhaustedError carrying the last error", async () => {
    const h = harness();
    let calls = 0;
    const err = await retry(
      async () => {
        calls++;
        throw new ConnectionLossError({ op: "getData", path: `/try-${calls}` });
      },
      { ...h.opts, retries: 3 },
    ).catch((e: unknown) => e);
    assert.ok(err instanceof RetriesExhaustedError);
    assert.equal(err.name, "RetriesExhaustedError");
    assert.equal(err.code, "RETRIES_EXHAUSTED");
    assert.equal(err.retriable, false);
    assert.equal(err.attempts, 4);
    assert.equal(calls, 4);
    assert.equal((err.cause as ConnectionLossError).path, "/try-4");
    assert.equal(h.sleeps.length, 3);
  });

  it("gives up when the next delay would pass maxElapsedMs", async () => {
    const h = harness(() => 1);
    let calls = 0;
    const err = await retry(
      async () => {
        calls++;
        throw new ConnectionLossError();
      },
      { ...h.opts, retries: 100, baseDelayMs: 100, maxElapsedMs: 1000 },
    ).catch((e: unknown) => e);
    assert.ok(err instanceof RetriesExhaustedError);
    // 100 + 200 + 400 = 700 slept; the next 800 would pass 1000.
    assert.deepEqual(h.sleeps, [100, 200, 400]);
    assert.equal(calls, 4);
  });

  it("uses a custom isRetriable and stops on an aborted signal", async () => {
    const h = harness();
    let calls = 0;
    const value = await retry(
      async () => {
        if (++calls < 3) throw new Error("flaky");
        return calls;
      },
      { ...h.opts, isRetriable: (e) => (e as Error).message === "flaky" },
    );
    assert.equal(value, 3);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(
      retry(async () => 1, { ...h.opts, signal: ac.signal }),
      { name: "AbortedError", code: "ABORTED" },
    );
  });

  it("the default sleep rejects with AbortedError when the signal aborts mid-wait", async () => {
    const ac = new AbortController();
    const p = retry(
      async () => {
        throw new ConnectionLossError();
      },
      { baseDelayMs: 60000, signal: ac.signal },
    );
    setImmediate(() => ac.abort());
    await assert.rejects(p, { name: "AbortedError" });
  });
});
