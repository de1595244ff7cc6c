// Watch events and replies in wire order: an event that precedes a reply is seen before the reply's
// caller resumes (ZooKeeper's "event before new data" rule), and a reply that precedes an event
// resumes its caller before the event's listener runs. Both arrive in one TCP segment here.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connect, type ZooKeeperClient } from "@zoosight/client";
import { GetDataResponse } from "../../src/ops/get-data.ts";
import { SetDataResponse } from "../../src/ops/set-data.ts";
import { OP_CODES } from "../../src/protocol/op-codes.ts";
import { WatcherEventRecord } from "../../src/records/headers.ts";
import { encode, FakeServer, replyFrame } from "../support/fake-server.ts";

const STAT = { czxid: 1n, mzxid: 1n, ctime: 0n, mtime: 0n, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n, dataLength: 0, numChildren: 0, pzxid: 1n };

let eventFirst = true;
let fake: FakeServer;
let c: ZooKeeperClient;

before(async () => {
  fake = await FakeServer.start({
    onRequest: (conn, req) => {
      if (req.type === OP_CODES.getData) {
        conn.reply(req.xid, 0, encode((w) => GetDataResponse.write(w, { data: Buffer.from("v0"), stat: STAT })));
      } else if (req.type === OP_CODES.setData) {
        const event = replyFrame(-1, 0, encode((w) => WatcherEventRecord.write(w, { type: 3, state: 3, path: "/w" })));
        const reply = replyFrame(req.xid, 0, encode((w) => SetDataResponse.write(w, { stat: STAT })));
        conn.raw(Buffer.concat(eventFirst ? [event, reply] : [reply, event]));
      } else return undefined;
      return "handled";
    },
  });
  c = await connect(fake.address);
});
after(async () => {
  await c?.close();
  await fake?.close();
});

describe("Session > watch events and replies in wire order", () => {
  it("an event before a reply is delivered before the reply's caller resumes", async () => {
    eventFirst = true;
    const log: string[] = [];
    await c.getData("/w", { watch: (e) => log.push(`event ${e.type}`) });
    await c.setData("/w", "v1");
    log.push("reply setData");
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ["event dataChanged", "reply setData"]);
  });

  it("a reply before an event resumes its caller before the event's listener runs", async () => {
    eventFirst = false;
    const log: string[] = [];
    await c.getData("/w", { watch: (e) => log.push(`event ${e.type}`) });
    await c.setData("/w", "v1");
    log.push("reply setData");
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ["reply setData", "event dataChanged"]);
  });
});
