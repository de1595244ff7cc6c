import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseServerSpec } from "../../src/collect/endpoint.ts";
import { CollectError } from "../../src/collect/errors.ts";
import { DEFAULT_LIMITS } from "../../src/collect/limits.ts";
import { ServerScraper } from "../../src/collect/server-scraper.ts";
import { clientPortAnswered } from "../../src/collect/snapshot.ts";
import type { Transport } from "../../src/collect/transport.ts";
import { serverHealth } from "../../src/health/server-health.ts";
import { fixture } from "../helpers/fixtures.ts";
import { VirtualClock } from "../helpers/virtual-clock.ts";

const ANSWERS: Record<string, string> = {
  mntr: fixture("zk-3.8/follower-mntr.txt"),
  srvr: fixture("zk-3.8/follower-srvr.txt"),
  conf: fixture("zk-3.8/quorum-conf.txt"),
  wchs: fixture("zk-3.8/standalone-wchs.txt"),
  cons: fixture("zk-3.8/standalone-cons.txt"),
  envi: fixture("zk-3.8/standalone-envi.txt"),
  isro: "rw",
  ruok: "imok",
};

function scraperAsking(mntr: string): { scraper: ServerScraper; asked: string[] } {
  const asked: string[] = [];
  const transport: Transport = {
    fourLetterWord: async (_t, cmd) => {
      asked.push(cmd);
      return cmd === "mntr" ? mntr : ANSWERS[cmd]!;
    },
    adminCommand: async () => ({}),
  };
  const scraper = new ServerScraper("e", parseServerSpec("10.0.0.1:2181"), { clock: new VirtualClock(0), limits: DEFAULT_LIMITS, transport });
  return { scraper, asked };
}

describe("collect > server scraper: what each scrape asks", () => {
  test("a cycle is mntr + srvr; a detail cycle adds only what mntr does not give", async () => {
    const { scraper, asked } = scraperAsking(ANSWERS.mntr!);
    const first = await scraper.scrape(true);
    // Nothing known about this server yet: the watch summary is asked too.
    assert.deepEqual([...asked].sort(), ["conf", "cons", "envi", "isro", "mntr", "srvr", "wchs"]);
    assert.equal(first.watches?.watches, 0);
    asked.length = 0;
    await scraper.scrape(false);
    assert.deepEqual([...asked].sort(), ["mntr", "srvr"]);
    asked.length = 0;
    const detail = await scraper.scrape(true);
    // mntr gives zk_watch_count (no wchs) and the server state (no isro); ruok is never asked.
    assert.deepEqual([...asked].sort(), ["conf", "cons", "envi", "mntr", "srvr"]);
    assert.equal(detail.monitor?.values.get("watch_count"), 0);
    assert.equal(detail.monitor?.serverState, "follower");
    assert.ok(detail.config);
  });

  test("isro is asked again once mntr gives no server state (not serving, refused)", async () => {
    let mntr = ANSWERS.mntr!;
    const asked: string[] = [];
    const transport: Transport = {
      fourLetterWord: async (_t, cmd) => {
        asked.push(cmd);
        return cmd === "mntr" ? mntr : ANSWERS[cmd]!;
      },
      adminCommand: async () => ({}),
    };
    const scraper = new ServerScraper("e", parseServerSpec("10.0.0.1:2181"), { clock: new VirtualClock(0), limits: DEFAULT_LIMITS, transport });
    await scraper.scrape(true);
    mntr = "This ZooKeeper instance is not currently serving requests\n";
    await scraper.scrape(false);
    asked.length = 0;
    const s = await scraper.scrape(true);
    assert.ok(asked.includes("isro"), asked.join(","));
    assert.equal(s.readMode, "rw");
  });

  test("a server whose mntr has no watch count keeps being asked wchs", async () => {
    const { scraper, asked } = scraperAsking("zk_version\t3.4.14\nzk_server_state\tfollower\nzk_znode_count\t4\n");
    await scraper.scrape(true);
    asked.length = 0;
    const s = await scraper.scrape(true);
    assert.ok(asked.includes("wchs"), asked.join(","));
    assert.equal(s.watches?.watches, 0);
  });
});

describe("collect > server scraper: AdminServer cycles", () => {
  const monitor = JSON.parse(fixture("zk-3.8/follower-admin-monitor.json")) as Record<string, unknown>;
  const stats = JSON.parse(fixture("zk-3.8/standalone-admin-server_stats.json")) as { server_stats: Record<string, unknown> };
  stats.server_stats.server_state = "follower";
  stats.server_stats.last_processed_zxid = 0x300000007;
  const DETAIL: Record<string, Record<string, unknown>> = {};
  for (const f of ["follower-admin-voting_view", "follower-admin-zabstate", "follower-admin-leader"]) DETAIL[f.split("-").at(-1)!] = JSON.parse(fixture(`zk-3.8/${f}.json`));
  for (const c of ["watch_summary", "configuration", "connections", "environment"]) DETAIL[c] = JSON.parse(fixture(`zk-3.8/standalone-admin-${c}.json`));

  function adminScraper() {
    const asked: string[] = [];
    let admin: "ok" | "refused" | "hung" = "ok";
    let client: "ok" | "refused" = "ok";
    const refused = (source: string) => new CollectError("refused", "connection refused", { server: "s", source });
    const transport: Transport = {
      fourLetterWord: async (_t, cmd) => {
        asked.push(cmd);
        if (client === "refused") throw refused(`4lw:${cmd}`);
        return ANSWERS[cmd]!;
      },
      adminCommand: async (_t, cmd) => {
        asked.push(`admin:${cmd}`);
        if (admin === "refused") throw new CollectError("admin-off", "AdminServer not listening (connection refused)", { server: "s", source: `admin:${cmd}` });
        if (admin === "hung") throw new CollectError("hung", "connected but no complete answer", { server: "s", source: `admin:${cmd}` });
        if (cmd === "monitor") return monitor;
        if (cmd === "server_stats") return stats;
        return DETAIL[cmd]!;
      },
    };
    const scraper = new ServerScraper("e", parseServerSpec("10.0.0.1:2181@8080"), { clock: new VirtualClock(0), limits: DEFAULT_LIMITS, transport });
    const take = () => asked.splice(0).sort();
    const set = (a: typeof admin, c: typeof client = "ok") => {
      admin = a;
      client = c;
    };
    return { scraper, take, set };
  }

  test("a healthy server: monitor + server_stats alone between detail cycles, the zxid from server_stats", async () => {
    const { scraper, take } = adminScraper();
    await scraper.scrape(true);
    assert.ok(take().includes("srvr"), "the detail cycle checks the client port");
    const s = await scraper.scrape(false);
    assert.deepEqual(take(), ["admin:monitor", "admin:server_stats"]);
    assert.equal(s.stats?.zxid, 0x300000007n);
    assert.equal(s.monitor?.serverState, "follower");
    assert.equal(s.clientPortAnswered, true, "the last check's answer is carried");
    assert.equal(clientPortAnswered(s), true);
    assert.deepEqual(serverHealth(s, true).state, "follower");
  });

  test("after a scrape with a failure the client port is checked every cycle until clean", async () => {
    const { scraper, take, set } = adminScraper();
    await scraper.scrape(true);
    set("hung");
    const hung = await scraper.scrape(false);
    assert.equal(serverHealth(hung, true).state, "hung");
    take();
    set("ok");
    await scraper.scrape(false);
    assert.deepEqual(take(), ["admin:monitor", "admin:server_stats", "srvr"]);
    await scraper.scrape(false);
    assert.deepEqual(take(), ["admin:monitor", "admin:server_stats"]);
  });

  test("AdminServer off: srvr tells, mntr fills in; a server down altogether is asked through its AdminServer again", async () => {
    const off = adminScraper();
    await off.scraper.scrape(true);
    off.take();
    off.set("refused");
    const s = await off.scraper.scrape(false);
    assert.deepEqual(off.take(), ["admin:monitor", "admin:server_stats", "mntr", "srvr"]);
    assert.equal(serverHealth(s, true).state, "follower");
    assert.equal(off.scraper.adminWorks, false);

    const dead = adminScraper();
    await dead.scraper.scrape(true);
    dead.take();
    dead.set("refused", "refused");
    const d = await dead.scraper.scrape(false);
    assert.deepEqual(dead.take(), ["admin:monitor", "admin:server_stats", "srvr"]);
    assert.equal(serverHealth(d, true).state, "down");
    assert.equal(clientPortAnswered(d), false);
    assert.equal(dead.scraper.adminWorks, true);
    dead.set("ok");
    const back = await dead.scraper.scrape(false);
    assert.ok(dead.take().includes("admin:monitor"));
    assert.equal(serverHealth(back, true).state, "follower");
  });
});
