// readOnlyMode: a server cut off from its quorum keeps serving reads.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Ensemble, startEnsemble, WaitTimeoutError, zkCli } from "../src/index.ts";

describe("read-only mode", () => {
  let zk: Ensemble;
  before(async () => {
    zk = await startEnsemble({ servers: 3, readOnlyMode: true, name: "read-only" });
  });
  after(() => zk?.close());

  it("serves reads alone once the others are gone, and rejoins when they return", async () => {
    const leader = await zk.leader();
    const created = await zkCli(leader.clientAddress, ["create /before-split x"]);
    assert.match(created.stdout + created.stderr, /Created/);
    const [survivor, other] = zk.servers.filter((s) => s !== leader);
    await Promise.all([leader.kill(), other!.kill()]);

    assert.equal(await survivor!.waitMode("read-only", 20000), "read-only");
    assert.equal(await survivor!.fourLetterWord("isro"), "ro");
    // No quorum: waiting for a leader fails with the modes in the message.
    await assert.rejects(zk.leader(1500), (e: unknown) => e instanceof WaitTimeoutError && /modes: .*read-only/.test(e.message));

    const r = await zkCli(survivor!.clientAddress, ["get /before-split", "create /during-split y"], { readOnly: true });
    assert.match(r.stdout, /^x$/m, r.stdout + r.stderr);
    assert.match(r.stdout, /state:ConnectedReadOnly/);
    assert.match(r.stdout + r.stderr, /Not a read-only call: \/during-split/);

    await Promise.all([leader.start(), other!.start()]);
    await zk.waitServing();
    assert.notEqual(await survivor!.mode(), "read-only");
    assert.equal(await survivor!.fourLetterWord("isro"), "rw");
  });
});
