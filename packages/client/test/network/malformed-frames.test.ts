// Malformed frames from a server: a scripted fake in front of a real ZooKeeper
// server (a proxy, so the session is real) completes the handshake, then
// answers one request with garbage. Each fault must end that connection with
// a protocol error, reject the pending request (never hang), and the client
// must resume the same session on the real server and keep working.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connect, createClient, type StateChange, type ZooKeeperClient } from "@zoosight/client";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { JuteReader } from "../../src/jute/reader.ts";
import { GetDataRequest, GetDataResponse } from "../../src/ops/get-data.ts";
import { OP_CODES } from "../../src/protocol/op-codes.ts";
import { WatcherEventRecord } from "../../src/records/headers.ts";
import { connectResponseFrame, encode, type FakeConnection, type FakeRequest, FakeServer, frame, replyFrame } from "../support/fake-server.ts";
import { nextState, uniquePath } from "../support/helpers.ts";

const STAT = { czxid: 1n, mzxid: 1n, ctime: 0n, mtime: 0n, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n, dataLength: 0, numChildren: 0, pzxid: 1n };
const MAX_PACKET = 64 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Fault = (conn: FakeConnection, reqs: FakeRequest[]) => void | Promise<void>;

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

const FAULTS: { name: string; requests?: number; cause: RegExp; fault: Fault }[] = [
  {
    name: "a truncated reply body",
    cause: /cannot decode getData reply/,
    // A reply header saying OK, then 6 bytes of a GetDataResponse that needs at least 72.
    fault: (conn, [req]) => conn.raw(replyFrame(req!.xid, 0, Buffer.from("00000002ab", "hex"))),
  },
  { name: "a negative frame length", cause: /frame length -2 is below the minimum/, fault: (conn) => conn.raw(int32(-2)) },
  { name: "a zero frame length", cause: /frame length 0 is below the minimum/, fault: (conn) => conn.raw(int32(0)) },
  {
    name: "a frame length over maxPacketBytes",
    cause: /exceeds the maximum packet length \(65536\)/,
    fault: (conn) => conn.raw(Buffer.concat([int32(MAX_PACKET + 1), Buffer.alloc(100)])),
  },
  { name: "a 2 GiB frame length", cause: /frame length 2147483647 exceeds/, fault: (conn) => conn.raw(int32(0x7fffffff)) },
  {
    name: "a reply with an unknown xid",
    cause: /reply xid \d+ does not match the oldest request/,
    fault: (conn, [req]) => conn.raw(replyFrame(req!.xid + 1000, 0, encode((w) => GetDataResponse.write(w, { data: Buffer.from("x"), stat: STAT })))),
  },
  {
    name: "replies out of order",
    requests: 2,
    cause: /reply xid \d+ does not match the oldest request/,
    fault: (conn, [a, b]) => {
      const body = encode((w) => GetDataResponse.write(w, { data: Buffer.from("x"), stat: STAT }));
      conn.raw(Buffer.concat([replyFrame(b!.xid, 0, body), replyFrame(a!.xid, 0, body)]));
    },
  },
  { name: "garbage bytes (an HTTP answer)", cause: /exceeds the maximum packet length/, fault: (conn) => conn.raw(Buffer.from("HTTP/1.1 400 Bad Request\r\n\r\n")) },
  {
    name: "a notification with an unknown event type",
    cause: /unknown watch event type 99/,
    fault: (conn) => conn.raw(replyFrame(-1, 0, encode((w) => WatcherEventRecord.write(w, { type: 99, state: 3, path: "/x" })))),
  },
  {
    name: "a truncated notification",
    cause: /bad watch event/,
    fault: (conn) => conn.raw(replyFrame(-1, 0, Buffer.from("00000003", "hex"))),
  },
  {
    name: "a half-written frame, then the server closes",
    cause: /closed the connection/,
    fault: (conn) => {
      conn.raw(Buffer.concat([int32(100), Buffer.alloc(10)]));
      setTimeout(() => conn.close(), 50);
    },
  },
  {
    name: "garbage trickled one byte at a time",
    cause: /exceeds the maximum packet length/,
    fault: async (conn) => {
      for (const byte of Buffer.from("GARBAGE!")) {
        conn.raw(Buffer.from([byte]));
        await sleep(150);
      }
    },
  },
];

// One real server for the whole file.
let zk: Ensemble;
before(async () => {
  zk = await startEnsemble({ servers: 1, name: "client-malformed" });
});
after(() => zk?.close());

describe("malformed frames", () => {
  let fake: FakeServer;
  let real: string;
  let admin: ZooKeeperClient;
  let fault: { run: Fault; requests: number } | null = null;
  const seen: FakeRequest[] = [];

  before(async () => {
    real = zk.server(1).clientAddress;
    fake = await FakeServer.start({
      upstream: real,
      onRequest: (conn, req) => {
        if (req.type !== OP_CODES.getData || !fault) return "forward";
        const { path } = GetDataRequest.read(new JuteReader(req.body));
        if (!path.startsWith("/fault")) return "forward";
        seen.push(req);
        if (seen.length === fault.requests) void fault.run(conn, seen.splice(0));
        return "handled";
      },
    });
    admin = await connect(real);
  });
  after(async () => {
    await admin?.close();
    await fake?.close();
  });

  /** A client whose first server is the fake (host order kept: the shuffle's random picks j = i). */
  async function viaFake(): Promise<ZooKeeperClient> {
    const c = createClient(`${fake.address},${real}`, { random: () => 0.9999, maxPacketBytes: MAX_PACKET });
    await c.waitConnected();
    assert.equal(c.session.server, fake.address);
    return c;
  }

  for (const f of FAULTS) {
    it(`${f.name}: the request fails with ConnectionLoss, the session resumes on the real server`, async () => {
      const p = uniquePath("data");
      await admin.create(p, "real data");
      const c = await viaFake();
      const states: StateChange[] = [];
      c.on("state", (s) => states.push(s));
      const sessionId = c.sessionId;
      try {
        fault = { run: f.fault, requests: f.requests ?? 1 };
        const resumed = nextState(c, (s) => s.event === "reconnected");
        const pending = Array.from({ length: f.requests ?? 1 }, (_, i) => c.getData(`/fault-${i}`));
        for (const req of pending) {
          const err = await req.catch((e: unknown) => e);
          assert.equal((err as Error).name, "ConnectionLossError", String(err));
          assert.equal((err as { server: string }).server, fake.address);
          const cause = (err as Error).cause as Error;
          assert.match(cause.message, f.cause);
          if (!/closed the connection/.test(cause.message)) assert.equal(cause.name, "ProtocolError");
        }
        const change = await resumed;
        assert.equal(change.server, real);
        assert.equal(c.sessionId, sessionId, "same session");
        assert.equal(states[0]?.event, "suspended");
        assert.match(states[0]?.reason ?? "", f.cause);
        assert.equal((await c.getData(p)).data.toString(), "real data");
        await c.setData(p, "written after recovery");
        assert.equal((await admin.getData(p)).data.toString(), "written after recovery");
      } finally {
        fault = null;
        await c.close();
      }
    });
  }

  it("a reply trickled a few bytes at a time is reassembled and decoded", async () => {
    const c = await viaFake();
    try {
      fault = {
        requests: 1,
        run: async (conn, [req]) => {
          const bytes = replyFrame(req!.xid, 0, encode((w) => GetDataResponse.write(w, { data: Buffer.from("slow but fine"), stat: STAT })));
          for (let i = 0; i < bytes.length; i += 3) {
            conn.raw(bytes.subarray(i, i + 3));
            await sleep(10);
          }
        },
      };
      const { data, stat } = await c.getData("/fault-slow");
      assert.equal(data.toString(), "slow but fine");
      assert.deepEqual(stat, STAT);
      assert.equal(c.state, "connected");
      assert.equal(c.session.server, fake.address);
    } finally {
      fault = null;
      await c.close();
    }
  });
});

describe("a server that answers the handshake a byte a second", () => {
  let slow: FakeServer;
  let stopped = false;

  before(async () => {
    slow = await FakeServer.start({
      onConnect: (conn, req) => {
        void (async () => {
          for (const byte of connectResponseFrame(req.timeOut)) {
            if (stopped || conn.socket.destroyed) return;
            conn.raw(Buffer.from([byte]));
            await sleep(1000);
          }
        })();
      },
    });
  });
  after(async () => {
    stopped = true;
    await slow?.close();
  });

  it("is given up after connectTimeoutMs; the client connects to the next server", async () => {
    const c = createClient(`${slow.address},${zk.server(1).clientAddress}`, { random: () => 0.9999, connectTimeoutMs: 1500 });
    try {
      await c.waitConnected(20000);
      assert.equal(c.session.server, zk.server(1).clientAddress);
      assert.match(String(c.session.lastConnectError?.message), /did not answer the handshake within 1500 ms/);
      assert.equal(slow.connections.length, 1);
      await c.create(uniquePath("after-slow"), "ok");
    } finally {
      await c.close();
    }
  });

  it("a handshake reply that is not a ConnectResponse is refused with a clear error", async () => {
    // 20 bytes: version, timeout, session id, then a password length of 100 with nothing after it.
    const bad = await FakeServer.start({ onConnect: (conn) => conn.raw(frame(Buffer.from("00000000000010000000000000000001" + "00000064", "hex"))) });
    const c = createClient(`${bad.address},${zk.server(1).clientAddress}`, { random: () => 0.9999 });
    try {
      await c.waitConnected(20000);
      assert.equal(c.session.server, zk.server(1).clientAddress);
      assert.match(String(c.session.lastConnectError?.message), /sent an invalid handshake reply/);
    } finally {
      await c.close();
      await bad.close();
    }
  });
});
