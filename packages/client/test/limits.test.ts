// Per-operation timeouts, AbortSignal and the bound on outstanding requests,
// against a scripted fake server that holds requests until the test releases them.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { AbortedError, connect, OperationTimeoutError, type ZooKeeperClient } from "@zoosight/client";
import { JuteReader } from "../src/jute/reader.ts";
import { GetDataRequest, GetDataResponse } from "../src/ops/get-data.ts";
import { OP_CODES } from "../src/protocol/op-codes.ts";
import { encode, type FakeConnection, type FakeRequest, FakeServer } from "./support/fake-server.ts";
import { waitFor } from "./support/helpers.ts";

const STAT = { czxid: 1n, mzxid: 1n, ctime: 0n, mtime: 0n, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n, dataLength: 0, numChildren: 0, pzxid: 1n };

/** A fake that answers getData with the path as data, but only when released. */
class HoldingServer {
  held: { conn: FakeConnection; req: FakeRequest; path: string }[] = [];
  received: string[] = [];
  fake!: FakeServer;

  async start(): Promise<void> {
    this.fake = await FakeServer.start({
      onRequest: (conn, req) => {
        if (req.type !== OP_CODES.getData) return undefined;
        const { path } = GetDataRequest.read(new JuteReader(req.body));
        this.received.push(path);
        if (path.startsWith("/instant")) this.#answer(conn, req, path);
        else this.held.push({ conn, req, path });
        return "handled";
      },
    });
  }

  #answer(conn: FakeConnection, req: FakeRequest, path: string): void {
    conn.reply(req.xid, 0, encode((w) => GetDataResponse.write(w, { data: Buffer.from(path), stat: STAT })));
  }

  /** Answers the n oldest held requests, in order. */
  release(n = this.held.length): void {
    for (const h of this.held.splice(0, n)) this.#answer(h.conn, h.req, h.path);
  }
}

describe("limits", () => {
  const server = new HoldingServer();
  let c: ZooKeeperClient;

  before(async () => {
    await server.start();
  });
  beforeEach(async () => {
    await c?.close();
    server.release();
    server.received = [];
  });
  after(async () => {
    await c?.close();
    await server.fake.close();
  });

  it("timeoutMs rejects with OperationTimeoutError; the late reply is consumed in order", async () => {
    c = await connect(server.fake.address);
    const slow = c.getData("/slow", { timeoutMs: 150 });
    const err = await slow.catch((e: unknown) => e);
    assert.ok(err instanceof OperationTimeoutError, String(err));
    assert.equal(err.name, "OperationTimeoutError");
    assert.equal(err.code, "OPERATION_TIMEOUT");
    assert.equal(err.timeoutMs, 150);
    assert.equal(err.op, "getData");
    assert.equal(err.path, "/slow");
    assert.equal(err.retriable, true);
    // The reply to the timed-out request arrives later; the next request must get its own reply.
    const next = c.getData("/next");
    await waitFor("the second request", () => server.held.length === 2);
    server.release();
    assert.equal((await next).data.toString(), "/next");
    assert.equal(c.state, "connected");
  });

  it("requestTimeoutMs is the default, a per-call timeoutMs wins", async () => {
    c = await connect(server.fake.address, { requestTimeoutMs: 100 });
    await assert.rejects(c.getData("/default"), { name: "OperationTimeoutError", message: /after 100 ms/ });
    const longer = c.getData("/longer", { timeoutMs: 60000 });
    await waitFor("two held requests", () => server.held.length === 2);
    server.release();
    assert.equal((await longer).data.toString(), "/longer");
  });

  it("an already aborted signal rejects with AbortedError and sends nothing", async () => {
    c = await connect(server.fake.address);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(c.getData("/aborted", { signal: ac.signal }), (e: unknown) => e instanceof AbortedError && e.code === "ABORTED" && e.path === "/aborted" && e.op === "getData");
    assert.equal((await c.getData("/instant")).data.toString(), "/instant");
    assert.deepEqual(server.received, ["/instant"]);
  });

  it("aborting an in-flight request rejects it at once; its reply is still consumed", async () => {
    c = await connect(server.fake.address);
    const ac = new AbortController();
    const p = c.getData("/in-flight", { signal: ac.signal });
    await waitFor("the request at the server", () => server.held.length === 1);
    ac.abort();
    await assert.rejects(p, AbortedError);
    const next = c.getData("/after-abort");
    await waitFor("the second request", () => server.held.length === 2);
    server.release();
    assert.equal((await next).data.toString(), "/after-abort");
  });

  it("maxOutstanding bounds the requests in flight; the rest wait in order", async () => {
    c = await connect(server.fake.address, { maxOutstanding: 3 });
    const paths = Array.from({ length: 10 }, (_, i) => `/q${i}`);
    const results = paths.map((p) => c.getData(p));
    await waitFor("3 requests at the server", () => server.received.length === 3);
    // Give the client every chance to send more than it may.
    const instant = c.getData("/instant"); // queued behind the others
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(server.received, paths.slice(0, 3));
    assert.equal(c.session.outstanding, 11);
    server.release(1);
    await waitFor("a 4th request once one was answered", () => server.received.length === 4);
    assert.deepEqual(server.received, paths.slice(0, 4));
    for (let i = 0; i < 10; i++) {
      await waitFor(`request ${i}`, () => server.held.length > 0 || server.received.length === 11);
      server.release();
    }
    const data = await Promise.all(results);
    assert.equal((await instant).data.toString(), "/instant");
    assert.deepEqual(
      data.map((d) => d.data.toString()),
      paths,
    );
    assert.equal(server.received.length, 11);
    assert.equal(c.session.outstanding, 0);
  });

  it("a queued request aborted before it is sent is never sent", async () => {
    c = await connect(server.fake.address, { maxOutstanding: 1 });
    const first = c.getData("/first");
    const ac = new AbortController();
    const second = c.getData("/never-sent", { signal: ac.signal });
    const third = c.getData("/third");
    await waitFor("the first request", () => server.received.length === 1);
    ac.abort();
    await assert.rejects(second, AbortedError);
    server.release();
    await first;
    await waitFor("the third request", () => server.held.length === 1);
    server.release();
    assert.equal((await third).data.toString(), "/third");
    assert.deepEqual(server.received, ["/first", "/third"]);
  });

  it("close() fails every pending request and does not hang on a server that never answers", async () => {
    c = await connect(server.fake.address);
    const pending = [c.getData("/p1"), c.getData("/p2")];
    await waitFor("two held", () => server.held.length === 2);
    await c.close();
    for (const p of pending) await assert.rejects(p, (e: unknown) => ["ClientClosedError", "ConnectionLossError"].includes((e as Error).name));
    assert.equal(c.state, "closed");
  });
});
