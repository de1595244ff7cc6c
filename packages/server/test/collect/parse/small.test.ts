import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ParseError } from "../../../src/collect/errors.ts";
import {
  parseCons,
  parseEnvi,
  parseIsro,
  parseRuok,
  parseWchs,
  readLeader,
  readWatchSummary,
  readZabState,
} from "../../../src/collect/parse/small.ts";
import { fixture, fixtureJson } from "../../helpers/fixtures.ts";

describe("collect > parse > small commands", () => {
  test("isro", () => {
    assert.equal(parseIsro("rw"), "rw");
    assert.equal(parseIsro("ro"), "ro");
    assert.equal(parseIsro("null"), "not-serving");
    assert.throws(() => parseIsro("what"), ParseError);
  });

  test("ruok", () => {
    assert.equal(parseRuok("imok"), true);
    assert.throws(() => parseRuok("nope"), ParseError);
  });

  test("cons", () => {
    const c = parseCons(fixture("zk-3.8/standalone-cons.txt"));
    assert.equal(c.length, 1);
    assert.equal(c[0]!.address, "127.0.0.1:46636");
    assert.equal(c[0]!.received, 1);
    assert.throws(() => parseCons("garbage line"), ParseError);
  });

  test("wchs", () => {
    assert.deepEqual(parseWchs(fixture("zk-3.8/standalone-wchs.txt")), { connections: 0, paths: 0, watches: 0 });
    assert.deepEqual(parseWchs("2 connections watching 3 paths\nTotal watches:4\n"), { connections: 2, paths: 3, watches: 4 });
    assert.throws(() => parseWchs("x"), ParseError);
    assert.deepEqual(readWatchSummary(fixtureJson("zk-3.8/standalone-admin-watch_summary.json")), {
      connections: 0,
      paths: 0,
      watches: 0,
    });
  });

  test("envi", () => {
    const e = parseEnvi(fixture("zk-3.8/standalone-envi.txt"));
    assert.match(e["zookeeper.version"] ?? "", /^3\.8/);
  });

  test("admin leader and zabstate", () => {
    assert.deepEqual(readLeader(fixtureJson("zk-3.8/follower-admin-leader.json")), {
      isLeader: false,
      leaderId: 3,
      leaderIp: "127.0.0.1",
    });
    const z = readZabState(fixtureJson("zk-3.8/follower-admin-zabstate.json"));
    assert.equal(z.myid, 1);
    assert.equal(z.phase, "broadcast");
    assert.equal(z.voting, true);
    assert.equal(z.lastZxid, 0n);
    assert.throws(() => readLeader({}), ParseError);
  });
});
