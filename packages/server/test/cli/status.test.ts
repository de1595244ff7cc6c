import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import type { CliIO } from "../../src/cli/command.ts";
import { main } from "../../src/cli/main.ts";
import type { FakeServer } from "../helpers/fake-endpoints.ts";
import { closedPort } from "../helpers/fake-endpoints.ts";
import { fakeZooKeeper } from "../helpers/fake-zookeeper.ts";

function io(): CliIO & { out: string; err: string } {
  const o = {
    out: "",
    err: "",
    env: {},
    cwd: process.cwd(),
    interrupted: new Promise<void>(() => {}),
    stdout: (t: string) => {
      o.out += t;
    },
    stderr: (t: string) => {
      o.err += t;
    },
  };
  return o;
}

describe("cli > zoosight status", () => {
  const servers: FakeServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  test("table with states and reasons; exit 1 when not healthy", async () => {
    const leader = await fakeZooKeeper("leader");
    const follower = await fakeZooKeeper("follower");
    servers.push(leader, follower);
    const dead = await closedPort();
    const x = io();
    const code = await main(["status", "--timeout", "10000", "--connect-timeout", "5000", "--zk", `127.0.0.1:${leader.port},127.0.0.1:${follower.port},127.0.0.1:${dead}`], x);
    assert.equal(code, 1, x.err);
    assert.match(x.out, /^ensemble default: DEGRADED \(2\/3 voters serving, 1 leader\)$/m);
    assert.match(x.out, new RegExp(`^127\\.0\\.0\\.1:${leader.port} +leader +0x100000000 +0 +0ms +1 +conf: not-whitelisted`, "m"));
    assert.match(x.out, new RegExp(`^127\\.0\\.0\\.1:${dead} +down +- +- +- +- +all sources: refused$`, "m"));
    assert.match(x.out, new RegExp(`^  - 127\\.0\\.0\\.1:${dead} is down: connection refused$`, "m"));
  });

  test("--json prints the health model; healthy exits 0", async () => {
    const leader = await fakeZooKeeper("leader");
    const follower = await fakeZooKeeper("follower");
    servers.push(leader, follower);
    // Two of two configured servers serving; the voting view is unknown (conf not whitelisted).
    const x = io();
    const code = await main(["status", "--json", "--timeout", "10000", "--connect-timeout", "5000", "--zk", `127.0.0.1:${leader.port},127.0.0.1:${follower.port}`], x);
    const parsed = JSON.parse(x.out) as { ensembles: { verdict: string; servers: { state: string }[] }[] };
    assert.equal(parsed.ensembles[0]!.verdict, "healthy");
    assert.deepEqual(parsed.ensembles[0]!.servers.map((s) => s.state), ["leader", "follower"]);
    assert.equal(code, 0);
  });

  test("bad input: one line, exit 2", async () => {
    for (const argv of [["status"], ["status", "--zk", "nohost"], ["status", "--zk", "a:1", "--bogus"], ["serve", "--config", "/nonexistent.yaml"]]) {
      const x = io();
      assert.equal(await main(argv, x), 2, argv.join(" "));
      assert.equal(x.err.trim().split("\n").length, 1, x.err);
      assert.match(x.err, /^zoosight (status|serve): /);
    }
    const h = io();
    assert.equal(await main(["status", "--help"], h), 0);
    assert.match(h.out, /^usage: zoosight status/);
  });
});
