// reconfig on its own 3-server ensemble (it changes the membership, which would disturb other tests):
// admin rights, syntax and version errors, bulk and incremental forms.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connect, retry } from "@zoosight/client";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { assertZkError } from "../support/helpers.ts";

describe("reconfig", () => {
  let zk: Ensemble;
  before(async () => {
    zk = await startEnsemble({ servers: 3, name: "client-reconfig", superDigest: { user: "super", password: "s3cret" } });
  });
  after(() => zk?.close());

  it("needs admin rights, refuses bad syntax and stale config ids, removes and re-adds a server", async () => {
    const s1 = zk.server(1);
    // Server 1 first: the first assertions name the server that answered.
    const c = await connect(`${s1.clientAddress},${zk.server(2).clientAddress}`, { random: () => 0.999 });
    try {
      const before = await c.getConfig();
      const lines = before.config.split("\n").filter((l) => l.startsWith("server."));
      assert.equal(lines.length, 3, before.config);
      const without3 = lines.filter((l) => !l.startsWith("server.3=")).join(",");
      await assert.rejects(c.reconfig({ newMembers: without3 }), (e) =>
        assertZkError(e, { name: "NoAuthError", code: "NO_AUTH", op: "reconfig", server: s1.clientAddress }),
      );
      await c.addAuth("digest", "super:s3cret");
      await assert.rejects(c.reconfig({ newMembers: "server.1=this is not a server line" }), (e) =>
        assertZkError(e, { name: "BadArgumentsError", code: "BAD_ARGUMENTS", op: "reconfig" }),
      );
      await assert.rejects(c.reconfig({ newMembers: without3, fromConfig: before.stat.mzxid + 1000n }), (e) =>
        assertZkError(e, { name: "BadVersionError", code: "BAD_VERSION", op: "reconfig" }),
      );
      // A membership change can move leadership, and the servers then drop their clients: a reconfig's
      // reply may be lost. Then the config itself tells whether it was applied (sync first), else retry.
      const again = { retries: 20, baseDelayMs: 100, maxDelayMs: 500 };
      const reconfigured = async (change: Parameters<typeof c.reconfig>[0], applied: (config: string) => boolean) => {
        try {
          return (await c.reconfig(change)).config;
        } catch (err) {
          if (!(err as { retriable?: boolean }).retriable) throw err;
          return retry(async () => {
            await c.sync("/");
            const now = (await c.getConfig()).config;
            return applied(now) ? now : (await c.reconfig({ ...change, fromConfig: undefined })).config;
          }, again);
        }
      };
      const has3 = (config: string) => /^server\.3=/m.test(config);
      const removed = await reconfigured({ newMembers: without3, fromConfig: before.stat.mzxid }, (cfg) => !has3(cfg));
      assert.doesNotMatch(removed, /^server\.3=/m);
      assert.match(removed, /^server\.1=/m);
      assert.match(removed, /^server\.2=/m);
      const added = await reconfigured({ newMembers: lines.join(",") }, has3);
      assert.deepEqual(added.split("\n").filter((l) => l.startsWith("server.")).sort(), [...lines].sort());

      // Incremental form: absent parts go as null, so "leaving" alone removes just that member.
      const left = await reconfigured({ leaving: "3" }, (cfg) => !has3(cfg));
      assert.doesNotMatch(left, /^server\.3=/m);
      assert.match(left, /^server\.2=/m);
      const line3 = lines.find((l) => l.startsWith("server.3="))!;
      const joined = await reconfigured({ joining: line3 }, has3);
      assert.match(joined, /^server\.3=/m);
    } finally {
      await c.close();
    }
  });
});
