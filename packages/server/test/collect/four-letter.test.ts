import assert from "node:assert/strict";
import net from "node:net";
import { after, describe, test } from "node:test";
import { CollectError } from "../../src/collect/errors.ts";
import { fourLetterParse, fourLetterWord } from "../../src/collect/four-letter.ts";
import type { RequestLimits } from "../../src/collect/limits.ts";
import type { FakeServer } from "../helpers/fake-endpoints.ts";
import { closedPort, eventually, fakeFourLetterServer } from "../helpers/fake-endpoints.ts";

// Generous deadlines where an answer is expected (the machine may be busy); tight ones where the
// fake never answers completely.
const LIMITS: RequestLimits = { connectTimeoutMs: 5000, totalTimeoutMs: 10000, maxBytes: 64 * 1024 };
const TIGHT: RequestLimits = { connectTimeoutMs: 5000, totalTimeoutMs: 700, maxBytes: 64 * 1024 };
const host = "127.0.0.1";

async function failure(p: Promise<unknown>): Promise<CollectError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CollectError, `expected CollectError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected a failure");
}

describe("collect > four-letter words against fake endpoints", () => {
  const servers: FakeServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  const start = async (...args: Parameters<typeof fakeFourLetterServer>) => {
    const s = await fakeFourLetterServer(...args);
    servers.push(s);
    return s;
  };

  test("a normal answer is returned whole", async () => {
    const s = await start(() => ({ kind: "reply", text: "zk_version\t3.9.0\nzk_server_state\tleader\n" }));
    assert.match(await fourLetterWord({ host, port: s.port }, "mntr", LIMITS), /zk_server_state\tleader/);
  });

  test("an answer split inside a UTF-8 sequence is decoded whole", async () => {
    const bytes = Buffer.from("zk_version\t3.9.0\nzk_note\tn\u00e9e \u20ac\n", "utf8");
    const cut = bytes.indexOf(0xe2) + 1; // inside the 3-byte euro sign
    const raw = net.createServer((c) => {
      c.once("data", () => {
        c.write(bytes.subarray(0, bytes.indexOf(0xc3) + 1)); // inside the 2-byte e-acute
        setTimeout(() => c.write(bytes.subarray(bytes.indexOf(0xc3) + 1, cut)), 30);
        setTimeout(() => c.end(bytes.subarray(cut)), 60);
      });
    });
    await new Promise<void>((r) => raw.listen(0, host, r));
    try {
      const port = (raw.address() as net.AddressInfo).port;
      assert.equal(await fourLetterWord({ host, port }, "mntr", LIMITS), bytes.toString("utf8"));
    } finally {
      raw.close();
    }
  });

  test("accepts and never answers: hung, within the total deadline, socket closed", async () => {
    const s = await start(() => ({ kind: "silent" }));
    const e = await failure(fourLetterWord({ host, port: s.port }, "mntr", TIGHT));
    assert.equal(e.kind, "hung");
    assert.equal(e.server, `127.0.0.1:${s.port}`);
    assert.equal(e.source, "4lw:mntr");
    assert.match(e.message, /no complete answer within 700 ms \(0 bytes received\)/);
    await eventually(() => s.openConnections() === 0, "the client closed its socket");
  });

  test("a byte a second: hung, with the bytes received so far", async () => {
    const s = await start(() => ({ kind: "drip", text: "zk_version\t3.9.0\n", everyMs: 1000 }));
    const e = await failure(fourLetterWord({ host, port: s.port }, "mntr", { ...TIGHT, totalTimeoutMs: 1500 }));
    assert.equal(e.kind, "hung");
    assert.match(e.detail, /\(\d bytes received\)/);
    await eventually(() => s.openConnections() === 0, "the client closed its socket");
  });

  test("a huge answer: too-large, socket closed", async () => {
    const s = await start(() => ({ kind: "huge", bytes: 10 * 1024 * 1024 }));
    const e = await failure(fourLetterWord({ host, port: s.port }, "mntr", LIMITS));
    assert.equal(e.kind, "too-large");
    assert.match(e.detail, /larger than 65536 bytes/);
    await eventually(() => s.openConnections() === 0, "the client closed its socket");
  });

  test("parsed from bytes: answers read concurrently, in pieces, come back whole and unmixed", async () => {
    // Each connection gets its own answer of 20–60 kB (beyond a slab slice) in three pieces; 24 at once.
    const answer = (n: number) => Buffer.from(`zk_n\t${n}\n${`zk_x${n}\t1\n`.repeat(2000 + n * 200)}`, "utf8");
    let served = 0;
    const raw = net.createServer((c) => {
      c.once("data", () => {
        const bytes = answer(served++);
        c.write(bytes.subarray(0, 1000));
        setTimeout(() => c.write(bytes.subarray(1000, 9000)), 10);
        setTimeout(() => c.end(bytes.subarray(9000)), 20);
      });
    });
    await new Promise<void>((r) => raw.listen(0, host, r));
    try {
      const port = (raw.address() as net.AddressInfo).port;
      const answers = await Promise.all(Array.from({ length: 24 }, () => fourLetterParse({ host, port }, "mntr", LIMITS, (b) => Buffer.from(b))));
      const seen = new Set<number>();
      for (const a of answers) {
        const n = Number(/^zk_n\t(\d+)/.exec(a.toString("latin1", 0, 20))![1]);
        seen.add(n);
        assert.ok(a.equals(answer(n)), `answer ${n}: ${a.length} bytes`);
      }
      assert.equal(seen.size, 24);
    } finally {
      raw.close();
    }
  });

  test("parsed from bytes: refusals and an empty answer fail as for text; a parse error rejects", async () => {
    const s = await start((cmd) =>
      cmd === "mntr"
        ? { kind: "reply", text: "mntr is not executed because it is not in the whitelist.\n" }
        : cmd === "srvr"
          ? { kind: "reply", text: "This ZooKeeper instance is not currently serving requests\n" }
          : { kind: "reply", text: "" },
    );
    assert.equal((await failure(fourLetterParse({ host, port: s.port }, "mntr", LIMITS, (b) => b.length))).kind, "not-whitelisted");
    assert.equal((await failure(fourLetterParse({ host, port: s.port }, "srvr", LIMITS, (b) => b.length))).kind, "not-serving");
    assert.equal((await failure(fourLetterParse({ host, port: s.port }, "ruok", LIMITS, (b) => b.length))).kind, "closed");
    const bad = await start(() => ({ kind: "reply", text: "x".repeat(1000) }));
    const parseError = new Error("not mntr");
    await assert.rejects(
      fourLetterParse({ host, port: bad.port }, "mntr", LIMITS, () => {
        throw parseError;
      }),
      (e) => e === parseError,
    );
  });

  test("not whitelisted and not serving are classified", async () => {
    const s = await start((cmd) =>
      cmd === "mntr"
        ? { kind: "reply", text: "mntr is not executed because it is not in the whitelist.\n" }
        : { kind: "reply", text: "This ZooKeeper instance is not currently serving requests\n" },
    );
    assert.equal((await failure(fourLetterWord({ host, port: s.port }, "mntr", LIMITS))).kind, "not-whitelisted");
    assert.equal((await failure(fourLetterWord({ host, port: s.port }, "srvr", LIMITS))).kind, "not-serving");
  });

  test("closing without an answer is 'closed'", async () => {
    const s = await start(() => ({ kind: "reply", text: "" }));
    assert.equal((await failure(fourLetterWord({ host, port: s.port }, "ruok", LIMITS))).kind, "closed");
  });

  test("a wrong port is refused", async () => {
    const port = await closedPort();
    const e = await failure(fourLetterWord({ host, port }, "srvr", LIMITS));
    assert.equal(e.kind, "refused");
    assert.match(e.message, /connection refused/);
  });

  test("a host name that does not resolve is unresolvable", async () => {
    const e = await failure(fourLetterWord({ host: "no-such-host.invalid", port: 2181 }, "srvr", LIMITS));
    assert.ok(e.kind === "unresolvable", `got ${e.kind}: ${e.message}`);
    assert.match(e.message, /does not resolve/);
  });
});
