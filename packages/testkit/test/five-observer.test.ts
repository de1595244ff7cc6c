// The largest shape: 5 voters and an observer.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Ensemble, startEnsemble } from "../src/index.ts";

describe("5 voters + 1 observer", () => {
  let zk: Ensemble;
  before(async () => {
    zk = await startEnsemble({ servers: 5, observers: 1, name: "five" });
  });
  after(() => zk?.close());

  it("serves with one leader, four followers and an observer", async () => {
    assert.equal(zk.servers.length, 6);
    assert.equal(zk.connectString.split(",").length, 6);
    const leader = await zk.leader();
    assert.equal(leader.role, "participant");
    assert.equal((await zk.followers()).length, 4);
    const observer = zk.server(6);
    assert.equal(observer.role, "observer");
    assert.equal(await observer.mode(), "observer");
    const modes = [...(await zk.modes()).values()].sort();
    assert.deepEqual(modes, ["follower", "follower", "follower", "follower", "leader", "observer"]);
  });

  it("configures the observer as one (peerType and the :observer server line)", async () => {
    // ZooKeeper rewrites zoo.cfg on first start (membership moves to a dynamic
    // file, peerType is derived from it), so ask the running server instead.
    const conf = await zk.server(6).fourLetterWord("conf");
    assert.match(conf, /^peerType=1$/m); // LearnerType.OBSERVER
    assert.match(conf, new RegExp(`^server\\.6=127\\.0\\.0\\.1:\\d+:\\d+:observer;127\\.0\\.0\\.1:${zk.server(6).clientPort}$`, "m"));
    for (const id of [1, 2, 3, 4, 5]) assert.match(conf, new RegExp(`^server\\.${id}=127\\.0\\.0\\.1:\\d+:\\d+:participant;`, "m"));
    const voting = (await zk.server(1).admin("voting_view")).current_config as Record<string, unknown>;
    assert.deepEqual(Object.keys(voting).sort(), ["1", "2", "3", "4", "5"]);
  });
});
