// Requests issued while no server is reachable wait for a connection, but not forever.
import assert from "node:assert/strict";
import net from "node:net";
import { describe, it } from "node:test";
import { createClient } from "@zoosight/client";

async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("Session > requests queued without a connection", () => {
  it("fail with ConnectionLossError naming the last connect error once a session timeout has passed", async () => {
    const port = await refusedPort();
    const zk = createClient(`127.0.0.1:${port}`, { sessionTimeoutMs: 1000 });
    try {
      const err = (await zk.getData("/queued").then(
        () => null,
        (e: Error) => e,
      )) as (Error & { code: string; path: string; cause?: Error }) | null;
      assert.ok(err, "the request failed instead of resolving");
      assert.equal(err.name, "ConnectionLossError");
      assert.equal(err.code, "CONNECTION_LOSS");
      assert.equal(err.path, "/queued");
      assert.match(String(err.cause?.message), /no server reachable for 1000 ms: connect ECONNREFUSED/);
      assert.equal(zk.state, "connecting", "the client keeps trying in the background");
    } finally {
      await zk.close();
    }
  });

  it("wait in the queue before the timeout, and fail with ClientClosedError on close()", async () => {
    const port = await refusedPort();
    const zk = createClient(`127.0.0.1:${port}`, { sessionTimeoutMs: 60000 });
    const pending = zk.exists("/").then(
      () => "resolved",
      (e: Error) => e.name,
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(zk.session.outstanding, 1, "still queued, not failed, before the timeout");
    await zk.close();
    assert.equal(await pending, "ClientClosedError");
  });
});
