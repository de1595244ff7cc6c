// TLS to a real ZooKeeper 3.8 secure client port (Netty, client certificate required).
import assert from "node:assert/strict";
import { rootCertificates } from "node:tls";
import { after, before, describe, it } from "node:test";
import { ConnectTimeoutError, connect } from "@zoosight/client";
import { type Ensemble, startEnsemble, zkCli } from "@zoosight/testkit";
import { recorder, settleEvents, uniquePath } from "../support/helpers.ts";

describe("TLS", () => {
  let zk: Ensemble;

  before(async () => {
    zk = await startEnsemble({ servers: 1, name: "client-tls", tls: true });
  });
  after(() => zk?.close());

  it("connects to the secure port with the CA and a client certificate and runs operations", async () => {
    const { ca, cert, key } = zk.tls!;
    const c = await connect(zk.secureConnectString!, { tls: { ca, cert, key } });
    try {
      assert.equal(c.state, "connected");
      assert.equal(c.session.server, zk.server(1).secureAddress);
      const p = uniquePath("tls");
      await c.create(p, "over tls");
      const w = recorder();
      await c.getData(p, { watch: w.listener });
      await c.setData(p, "changed");
      await c.multi([{ type: "create", path: `${p}/a` }, { type: "check", path: p, version: 1 }]);
      assert.deepEqual(await c.getChildren(p), ["a"]);
      await settleEvents(c);
      assert.deepEqual(
        w.events.map((e) => e.type),
        ["dataChanged"],
      );
      // The identity the server sees includes the client certificate (x509 scheme).
      const ids = await c.whoAmI();
      assert.ok(
        ids.some((i) => i.authScheme === "x509"),
        JSON.stringify(ids),
      );
      // Same data on the plain port (the Netty factory serves both).
      const plain = await connect(zk.connectString);
      try {
        assert.equal((await plain.getData(p)).data.toString(), "changed");
      } finally {
        await plain.close();
      }
      const r = await zkCli(zk.secureConnectString!, [`get ${p}`], { tls: zk.tls! });
      assert.match(r.stdout, /^changed$/m, r.stdout + r.stderr);
    } finally {
      await c.close();
    }
  });

  it("fails to connect with a clear error when the server certificate is not trusted", async () => {
    const { cert, key } = zk.tls!;
    const wrongCa = rootCertificates[0]!;
    const err = await connect(zk.secureConnectString!, { tls: { ca: wrongCa, cert, key }, timeoutMs: 3000, connectTimeoutMs: 1000 }).catch((e: unknown) => e);
    assert.ok(err instanceof ConnectTimeoutError, String(err));
    assert.equal(err.code, "CONNECT_TIMEOUT");
    assert.match(err.message, /certificate/i, err.message);
  });

  it("fails to connect without a client certificate when the server requires one", async () => {
    const { ca } = zk.tls!;
    const err = await connect(zk.secureConnectString!, { tls: { ca }, timeoutMs: 3000, connectTimeoutMs: 1000 }).catch((e: unknown) => e);
    assert.ok(err instanceof ConnectTimeoutError, String(err));
    assert.match(err.message, /last error/, err.message);
  });

  it("a plain connection to the TLS port does not get through", async () => {
    const err = await connect(zk.secureConnectString!, { timeoutMs: 3000, connectTimeoutMs: 1000 }).catch((e: unknown) => e);
    assert.ok(err instanceof ConnectTimeoutError, String(err));
  });
});
