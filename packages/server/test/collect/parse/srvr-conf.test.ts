import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ParseError } from "../../../src/collect/errors.ts";
import { parseConf, readConfiguration, readVotingView } from "../../../src/collect/parse/conf.ts";
import { parseSrvr, readServerStats, splitZxid } from "../../../src/collect/parse/srvr.ts";
import { fixture, fixtureJson } from "../../helpers/fixtures.ts";

describe("collect > parse > srvr", () => {
  test("3.8 leader srvr: mode, zxid as bigint, counts", () => {
    const s = parseSrvr(fixture("zk-3.8/leader-srvr.txt"));
    assert.equal(s.mode, "leader");
    assert.equal(s.zxid, 0x100000000n);
    assert.deepEqual(splitZxid(s.zxid!), { epoch: 1, counter: 0 });
    assert.equal(s.nodeCount, 5);
    assert.equal(s.latencyAvg, 0);
    assert.equal(s.connections, 1);
  });

  test("3.4 srvr (no proposal sizes) and a zxid beyond 2^53", () => {
    const s = parseSrvr(
      "Zookeeper version: 3.4.14-4c25d, built on 03/06/2019 16:18 GMT\nLatency min/avg/max: 0/1/12\nReceived: 7\nSent: 6\nConnections: 1\nOutstanding: 0\nZxid: 0xffffffff00000003\nMode: follower\nNode count: 4\n",
    );
    assert.equal(s.mode, "follower");
    assert.equal(s.zxid, 0xffffffff00000003n);
    assert.equal(splitZxid(s.zxid!).epoch, 0xffffffff);
  });

  test("garbage is rejected", () => {
    assert.throws(() => parseSrvr("hello world"), ParseError);
  });

  test("admin server_stats", () => {
    const s = readServerStats(fixtureJson("zk-3.8/standalone-admin-server_stats.json"));
    assert.equal(s.mode, "standalone");
    assert.equal(s.zxid, 0n);
    assert.throws(() => readServerStats({}), ParseError);
  });
});

describe("collect > parse > conf", () => {
  test("quorum conf: values, serverId and membership", () => {
    const c = parseConf(fixture("zk-3.8/quorum-conf.txt"));
    assert.equal(c.serverId, 1);
    assert.equal(c.values.tickTime, "500");
    assert.deepEqual(
      c.members.map((m) => [m.id, m.host, m.role]),
      [
        [1, "127.0.0.1", "participant"],
        [2, "127.0.0.1", "participant"],
        [3, "127.0.0.1", "participant"],
      ],
    );
  });

  test("dynamic-config member lines with a client address and observers", () => {
    const c = parseConf("serverId=2\nserver.4=10.0.0.4:2888:3888:observer;0.0.0.0:2181\nserver.1=zk1:2888:3888;zk1:2181\n");
    assert.equal(c.members[0]!.role, "observer");
    assert.equal(c.members[0]!.clientAddress, "0.0.0.0:2181");
    assert.equal(c.members[1]!.clientAddress, "zk1:2181");
  });

  test("standalone conf has no members; garbage is rejected", () => {
    assert.equal(parseConf(fixture("zk-3.8/standalone-conf.txt")).members.length, 0);
    assert.throws(() => parseConf("no equals signs here"), ParseError);
  });

  test("admin voting_view and configuration", () => {
    const members = readVotingView(fixtureJson("zk-3.8/follower-admin-voting_view.json"));
    assert.equal(members.length, 3);
    assert.equal(members[0]!.clientAddress, "127.0.0.1:21901");
    assert.equal(members[1]!.clientAddress, undefined);
    const conf = readConfiguration(fixtureJson("zk-3.8/standalone-admin-configuration.json"));
    assert.equal(conf.values.tickTime, "500");
    assert.equal(conf.serverId, 0);
    assert.throws(() => readVotingView({ current_config: { x: 1 } }), ParseError);
  });
});
