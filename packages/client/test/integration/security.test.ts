// Digest auth, ACL enforcement, the super user and auth failure against a real
// ZooKeeper 3.8 server (standalone, TTL nodes not enabled).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { acl, connect, CREATOR_ALL_ACL, createClient, digestAcl, digestId, OPEN_ACL_UNSAFE, PERMS, type StateChange, type ZooKeeperClient } from "@zoosight/client";
import { type Ensemble, startEnsemble, zkCli } from "@zoosight/testkit";
import { assertZkError, nextState, uniquePath } from "../support/helpers.ts";

describe("security", () => {
  let zk: Ensemble;
  let admin: ZooKeeperClient;

  before(async () => {
    zk = await startEnsemble({ servers: 1, name: "client-security", superDigest: { user: "super", password: "root-pw" } });
    admin = await connect(zk.connectString);
  });
  after(async () => {
    await admin?.close();
    await zk?.close();
  });

  const server = () => zk.server(1).clientAddress;

  it("enforces digest ACLs: NoAuthError without auth, access after addAuth", async () => {
    const p = uniquePath("digest");
    await admin.create(p, "secret", { acl: [digestAcl("alice", "wonder")] });
    const c = await connect(zk.connectString);
    try {
      await assert.rejects(c.getData(p), (e) => assertZkError(e, { name: "NoAuthError", code: "NO_AUTH", path: p, op: "getData", retriable: false, server: server() }));
      await assert.rejects(c.setData(p, "x"), (e) => assertZkError(e, { name: "NoAuthError", code: "NO_AUTH", path: p, op: "setData" }));
      await assert.rejects(c.create(`${p}/child`), (e) => assertZkError(e, { name: "NoAuthError", code: "NO_AUTH", path: `${p}/child`, op: "create" }));
      // A wrong password is not an auth failure: it is just another identity, which gets nothing.
      await c.addAuth("digest", "alice:not-the-password");
      await assert.rejects(c.getData(p), (e) => assertZkError(e, { name: "NoAuthError", code: "NO_AUTH" }));
      await c.addAuth("digest", "alice:wonder");
      assert.equal((await c.getData(p)).data.toString(), "secret");
      await c.setData(p, "changed");
      await c.create(`${p}/child`);
      assert.equal(c.state, "connected");
    } finally {
      await c.close();
    }
  });

  it("enforces each permission bit separately", async () => {
    const p = uniquePath("perms");
    await admin.create(p, "r only", { acl: [acl(PERMS.read | PERMS.create, "world", "anyone")] });
    const c = await connect(zk.connectString);
    try {
      assert.equal((await c.getData(p)).data.toString(), "r only");
      await c.create(`${p}/k`); // create allowed
      await assert.rejects(c.setData(p, "w"), { name: "NoAuthError" });
      await assert.rejects(c.delete(`${p}/k`), { name: "NoAuthError" }); // delete is checked on the parent
      await assert.rejects(c.setACL(p, OPEN_ACL_UNSAFE), { name: "NoAuthError" });
      assert.deepEqual((await c.getACL(p)).acl, [acl(PERMS.read | PERMS.create, "world", "anyone")]);
    } finally {
      await c.close();
    }
  });

  it("CREATOR_ALL_ACL stores the creator's digest id, computed exactly as ZooKeeper does", async () => {
    const p = uniquePath("creator");
    const c = await connect(zk.connectString);
    try {
      await assert.rejects(c.create(p, "x", { acl: CREATOR_ALL_ACL }), (e) => assertZkError(e, { name: "InvalidAclError", code: "INVALID_ACL", path: p }));
      await c.addAuth("digest", "bob:builder");
      await c.create(p, "x", { acl: CREATOR_ALL_ACL });
      const { acl: stored } = await c.getACL(p);
      assert.deepEqual(stored, [digestAcl("bob", "builder")]);
      assert.equal(stored[0]!.id.id, digestId("bob", "builder"));
      assert.deepEqual(await c.whoAmI().then((ids) => ids.find((i) => i.authScheme === "digest")), { authScheme: "digest", user: "bob" });
    } finally {
      await c.close();
    }
  });

  it("computes the same digest id as ZooKeeper's own client (zkCli addauth + setAcl auth::)", async () => {
    const p = uniquePath("zkcli-digest");
    const user = "carol";
    const password = "pässword:with-colon";
    const r = await zkCli(zk.connectString, [`addauth digest ${user}:${password}`, `create ${p} data`, `setAcl ${p} auth::cdrwa`, `getAcl ${p}`]);
    assert.match(r.stdout, /'digest,'carol:/, r.stdout + r.stderr);
    await admin.addAuth("digest", "super:root-pw");
    const { acl: stored } = await admin.getACL(p);
    assert.deepEqual(stored, [{ perms: PERMS.all, id: { scheme: "digest", id: digestId(user, password) } }]);
    // And the reverse: this client authenticates with the same secret and gets in.
    const c = await connect(zk.connectString);
    try {
      await assert.rejects(c.getData(p), { name: "NoAuthError" });
      await c.addAuth("digest", `${user}:${password}`);
      assert.equal((await c.getData(p)).data.toString(), "data");
    } finally {
      await c.close();
    }
  });

  it("the super user bypasses every ACL", async () => {
    const p = uniquePath("super");
    await admin.create(p, "locked", { acl: [digestAcl("nobody", "never", PERMS.all)] });
    await admin.create(`${p}-none`, "no perms at all", { acl: [acl(PERMS.read, "digest", digestId("nobody", "never"))] });
    const su = await connect(zk.connectString);
    try {
      await assert.rejects(su.getData(p), { name: "NoAuthError" });
      await su.addAuth("digest", "super:root-pw");
      assert.equal((await su.getData(p)).data.toString(), "locked");
      await su.setData(`${p}-none`, "super wrote");
      await su.setACL(p, OPEN_ACL_UNSAFE);
      await su.delete(`${p}-none`);
      assert.equal((await admin.getData(p)).data.toString(), "locked");
    } finally {
      await su.close();
    }
  });

  it("an unknown auth scheme fails the session: authFailed state and AuthFailedError", async () => {
    const c = createClient(zk.connectString);
    const states: StateChange[] = [];
    c.on("state", (s) => states.push(s));
    try {
      await c.waitConnected();
      const failed = nextState(c, (s) => s.event === "authFailed");
      await assert.rejects(c.addAuth("no-such-scheme", "whatever"), (e) =>
        assertZkError(e, { name: "AuthFailedError", code: "AUTH_FAILED", op: "addAuth", retriable: false }),
      );
      await failed;
      assert.equal(c.state, "authFailed");
      await assert.rejects(c.getData("/"), (e) => assertZkError(e, { name: "AuthFailedError", code: "AUTH_FAILED", op: "getData", path: "/" }));
      assert.deepEqual(
        states.map((s) => s.event),
        ["connected", "authFailed"],
      );
    } finally {
      await c.close();
    }
    assert.equal(c.state, "closed");
  });

  it("TTL nodes without extendedTypes: UnimplementedError from the server", async () => {
    const p = uniquePath("ttl-off");
    await assert.rejects(admin.create(p, "x", { mode: "persistentWithTTL", ttl: 1000 }), (e) =>
      assertZkError(e, { name: "UnimplementedError", code: "UNIMPLEMENTED", path: p, op: "create", retriable: false, server: server() }),
    );
    await assert.rejects(admin.multi([{ type: "create", path: p, mode: "persistentWithTTL", ttl: 1000 }]), (e) =>
      assertZkError(e, { name: "UnimplementedError", code: "UNIMPLEMENTED", path: p, op: "multi" }),
    );
    assert.equal(await admin.exists(p), null);
  });
});
