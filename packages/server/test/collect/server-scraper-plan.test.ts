import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseServerSpec } from "../../src/collect/endpoint.ts";
import { DEFAULT_LIMITS } from "../../src/collect/limits.ts";
import { ServerScraper } from "../../src/collect/server-scraper.ts";
import type { Transport } from "../../src/collect/transport.ts";
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
