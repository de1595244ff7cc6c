// RequestPipeline keeps the connection told how many requests are in flight: read pacing scales with it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { empty } from "../../src/jute/schema.ts";
import { JuteReader } from "../../src/jute/reader.ts";
import { JuteWriter } from "../../src/jute/writer.ts";
import type { Connection } from "../../src/network/connection.ts";
import { CallRequest } from "../../src/session/request.ts";
import { RequestPipeline } from "../../src/session/request-pipeline.ts";

/** Just what the pipeline uses of a connection. */
function fakeConnection(): Connection {
  const writer = new JuteWriter(1024);
  return { server: "fake:2181", inflight: 0, writer: () => writer, flush: () => void writer.finish() } as unknown as Connection;
}

function request(xid: number): CallRequest {
  return new CallRequest(xid, 3, "exists", "/a", empty, {}, empty, undefined, undefined, undefined);
}

describe("RequestPipeline", () => {
  it("tells the connection how many requests are in flight as they are written and answered", () => {
    const conn = fakeConnection();
    const pipeline = new RequestPipeline({ maxOutstanding: 1000, maxBufferBytes: 1 << 20 });
    for (let xid = 1; xid <= 40; xid++) pipeline.enqueue(request(xid));
    pipeline.pump(conn);
    assert.equal(conn.inflight, 40);
    const reply = new JuteReader(Buffer.alloc(0), 0, 0);
    for (let xid = 1; xid <= 10; xid++) assert.equal(pipeline.onReply(conn, xid, 0, reply), null);
    assert.equal(conn.inflight, 30);
  });
});
