import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { AdminClient } from "../../src/collect/admin-client.ts";
import type { HostPort } from "../../src/collect/endpoint.ts";
import { CollectError } from "../../src/collect/errors.ts";
import type { RequestLimits } from "../../src/collect/limits.ts";
import type { FakeServer } from "../helpers/fake-endpoints.ts";
import { closedPort, eventually, fakeAdminServer, fakeFourLetterServer } from "../helpers/fake-endpoints.ts";
import { fixture } from "../helpers/fixtures.ts";

// Generous deadlines where an answer is expected (the machine may be busy); tight ones where the
// fake never answers.
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

describe("collect > AdminServer reader against fake endpoints", () => {
  const servers: FakeServer[] = [];
  const client = new AdminClient();
  const adminCommand = (t: HostPort, cmd: string, limits: RequestLimits) => client.request(t, cmd, limits);
  after(async () => {
    client.close();
    for (const s of servers) await s.close();
  });

  test("JSON answer, not-serving error, HTML 500 of a not-serving 3.8 server, unknown command", async () => {
    const s = await fakeAdminServer((cmd) => {
      if (cmd === "monitor") return { status: 200, body: '{"server_state":"leader","znode_count":5,"command":"monitor","error":null}' };
      if (cmd === "leader") return { status: 200, body: fixture("zk-3.8/not-serving-admin-leader.json") };
      if (cmd === "server_stats") return { status: 500, body: fixture("zk-3.8/not-serving-admin-monitor.txt") };
      return { status: 404, body: "" };
    });
    servers.push(s);
    const t = { host, port: s.port };
    assert.equal((await adminCommand(t, "monitor", LIMITS)).server_state, "leader");
    assert.equal((await failure(adminCommand(t, "leader", LIMITS))).kind, "not-serving");
    assert.equal((await failure(adminCommand(t, "server_stats", LIMITS))).kind, "not-serving");
    assert.equal((await failure(adminCommand(t, "nope", LIMITS))).kind, "admin-off");
  });

  test("non-JSON body and a non-HTTP answer are garbage", async () => {
    const s = await fakeAdminServer((cmd) => (cmd === "monitor" ? { status: 200, body: "<html>hi</html>" } : { kind: "raw", text: "\u0000\u0001garbage\r\n\r\n" }));
    servers.push(s);
    const t = { host, port: s.port };
    assert.equal((await failure(adminCommand(t, "monitor", LIMITS))).kind, "garbage");
    assert.equal((await failure(adminCommand(t, "leader", LIMITS))).kind, "garbage");
  });

  test("accepts and never answers: hung, socket closed", async () => {
    const s = await fakeAdminServer(() => ({ kind: "silent" }));
    servers.push(s);
    const e = await failure(adminCommand({ host, port: s.port }, "monitor", TIGHT));
    assert.equal(e.kind, "hung");
    assert.equal(e.source, "admin:monitor");
    await eventually(() => s.openConnections() === 0, "the client closed its socket");
  });

  test("a huge body is too-large", async () => {
    const s = await fakeAdminServer(() => ({ status: 200, body: `{"x":"${"y".repeat(200 * 1024)}"}` }));
    servers.push(s);
    assert.equal((await failure(adminCommand({ host, port: s.port }, "monitor", LIMITS))).kind, "too-large");
  });

  test("AdminServer off (refused) is admin-off; a raw TCP drip is hung", async () => {
    const port = await closedPort();
    assert.equal((await failure(adminCommand({ host, port }, "monitor", LIMITS))).kind, "admin-off");
    const drip = await fakeFourLetterServer(() => ({ kind: "drip", text: "HTTP/1.1 200 OK\r\n", everyMs: 1000 }));
    servers.push(drip);
    // The fake reacts to the first four bytes of the request line ("GET ").
    assert.equal((await failure(adminCommand({ host, port: drip.port }, "monitor", TIGHT))).kind, "hung");
  });
});
