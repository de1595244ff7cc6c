// The AdminServer client's keep-alive connection against a raw HTTP fake whose every connection and
// answer is scripted: reuse, a stale socket retried once, no retry otherwise, framing variants.
import assert from "node:assert/strict";
import net from "node:net";
import { after, describe, test } from "node:test";
import { AdminClient } from "../../src/collect/admin-client.ts";
import { CollectError } from "../../src/collect/errors.ts";
import type { RequestLimits } from "../../src/collect/limits.ts";
import { eventually } from "../helpers/fake-endpoints.ts";

const LIMITS: RequestLimits = { connectTimeoutMs: 5000, totalTimeoutMs: 10000, maxBytes: 64 * 1024 };
const host = "127.0.0.1";

/** What the fake does with request `n` (0-based, all connections) for `cmd` on connection `conn`. */
type Script = (n: number, cmd: string, conn: number) => { answer: string } | { close: true } | { raw: string; close?: boolean };

interface RawServer {
  port: number;
  connections: number;
  open: Set<net.Socket>;
  close(): Promise<void>;
}

const json = (cmd: string, extra = "") => `{"command":"${cmd}","error":null${extra}}`;
export const ok = (body: string, headers = "") =>
  `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

async function rawServer(script: Script): Promise<RawServer> {
  let n = 0;
  const state: RawServer = { port: 0, connections: 0, open: new Set(), close: async () => {} };
  const server = net.createServer((socket) => {
    const conn = state.connections++;
    state.open.add(socket);
    socket.on("close", () => state.open.delete(socket));
    socket.on("error", () => {});
    let buf = "";
    socket.on("data", (d) => {
      buf += d.toString("latin1");
      for (let end = buf.indexOf("\r\n\r\n"); end >= 0; end = buf.indexOf("\r\n\r\n")) {
        const cmd = /^GET \/commands\/(\S+) /.exec(buf)?.[1] ?? "";
        buf = buf.slice(end + 4);
        const step = script(n++, cmd, conn);
        if ("close" in step && !("raw" in step)) return void socket.destroy();
        if ("answer" in step) socket.write(step.answer);
        else {
          socket.write(step.raw);
          if (step.close) return void socket.end();
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  state.port = (server.address() as net.AddressInfo).port;
  state.close = async () => {
    for (const s of state.open) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return state;
}

async function failure(p: Promise<unknown>): Promise<CollectError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CollectError, `expected CollectError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected a failure");
}

describe("collect > AdminServer keep-alive connection", () => {
  const servers: RawServer[] = [];
  const clients: AdminClient[] = [];
  const setup = async (script: Script) => {
    const s = await rawServer(script);
    const c = new AdminClient();
    servers.push(s);
    clients.push(c);
    return { s, c, t: { host, port: s.port } };
  };
  after(async () => {
    for (const c of clients) c.close();
    for (const s of servers) await s.close();
  });

  test("pipelined commands and later requests share one connection; close() ends it", async () => {
    const { s, c, t } = await setup((_n, cmd) => ({ answer: ok(json(cmd)) }));
    const [a, b] = await Promise.all([c.request(t, "monitor", LIMITS), c.request(t, "server_stats", LIMITS)]);
    assert.equal(a.command, "monitor");
    assert.equal(b.command, "server_stats");
    assert.equal((await c.request(t, "monitor", LIMITS)).command, "monitor");
    assert.equal(s.connections, 1);
    assert.equal(c.sockets, 1);
    c.close();
    assert.equal(c.sockets, 0);
    await eventually(() => s.open.size === 0, "the server saw the close");
  });

  test("a reused socket the server closed unannounced: sent once more on a fresh connection", async () => {
    // Connection 0 answers once, then drops the next request without a byte (an idle timeout
    // racing the request, or a restart); connection 1 answers.
    const { s, c, t } = await setup((n, cmd) => (n === 1 ? { close: true } : { answer: ok(json(cmd)) }));
    await c.request(t, "monitor", LIMITS);
    assert.equal((await c.request(t, "server_stats", LIMITS)).command, "server_stats");
    assert.equal(s.connections, 2);
  });

  test("no retry on a fresh connection, nor after a byte of the answer, nor twice", async () => {
    const fresh = await setup(() => ({ close: true }));
    const e1 = await failure(fresh.c.request(fresh.t, "monitor", LIMITS));
    assert.equal(e1.kind, "closed");
    assert.equal(fresh.s.connections, 1);

    const cut = await setup((n, cmd) => (n === 0 ? { answer: ok(json(cmd)) } : { raw: "HTTP/1.1 200 OK\r\nContent-Le", close: true }));
    await cut.c.request(cut.t, "monitor", LIMITS);
    const e2 = await failure(cut.c.request(cut.t, "monitor", LIMITS));
    assert.equal(e2.kind, "garbage");
    assert.match(e2.message, /cut short/);
    assert.equal(cut.s.connections, 1);

    const twice = await setup((n, cmd) => (n === 0 ? { answer: ok(json(cmd)) } : { close: true }));
    await twice.c.request(twice.t, "monitor", LIMITS);
    // The retry's connection is fresh: its failure is final.
    assert.equal((await failure(twice.c.request(twice.t, "monitor", LIMITS))).kind, "closed");
    assert.equal(twice.s.connections, 2);
  });

  test("chunked body, interim 100, Connection: close and a body up to the close", async () => {
    const body = json("monitor", ',"server_state":"leader"');
    const chunked = `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n${body.slice(0, 5)}\r\n${(body.length - 5).toString(16)};x=y\r\n${body.slice(5)}\r\n0\r\nX-T: 1\r\n\r\n`;
    const { s, c, t } = await setup((n, cmd) => {
      if (n === 0) return { answer: chunked };
      if (n === 1) return { answer: ok(json(cmd), "Connection: close\r\n") };
      return { raw: `HTTP/1.0 200 OK\r\n\r\n${json(cmd)}`, close: true };
    });
    assert.equal((await c.request(t, "monitor", LIMITS)).server_state, "leader");
    // Pipelined behind an answer that closes the connection: resent, not failed.
    const [b, d] = await Promise.all([c.request(t, "server_stats", LIMITS), c.request(t, "leader", LIMITS)]);
    assert.equal(b.command, "server_stats");
    assert.equal(d.command, "leader");
    assert.equal(s.connections, 2);
    await eventually(() => c.sockets === 0, "no socket kept after Connection: close / HTTP/1.0");
  });

  test("a hung answer fails every request pipelined behind it, and the socket is closed", async () => {
    const tight: RequestLimits = { ...LIMITS, totalTimeoutMs: 500 };
    const { s, c, t } = await setup((n, cmd) => (n === 0 ? { answer: ok(json(cmd)) } : { raw: "" }));
    await c.request(t, "monitor", tight);
    const [a, b] = await Promise.all([failure(c.request(t, "monitor", tight)), failure(c.request(t, "server_stats", tight))]);
    assert.deepEqual([a.kind, b.kind], ["hung", "hung"]);
    assert.match(a.message, /connected but no complete answer within 500 ms/);
    await eventually(() => s.open.size === 0 && c.sockets === 0, "socket closed");
  });

  test("an idle connection is closed after the idle time", async () => {
    const s = await rawServer((_n, cmd) => ({ answer: ok(json(cmd)) }));
    servers.push(s);
    const c = new AdminClient({ idleMs: 200 });
    clients.push(c);
    await c.request({ host, port: s.port }, "monitor", LIMITS);
    assert.equal(c.sockets, 1);
    await eventually(() => c.sockets === 0 && s.open.size === 0, "idle socket closed", 400);
  });
});
