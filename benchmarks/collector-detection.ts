// Detection latency on a real 3-server ensemble (ZooKeeper 3.8 from Debian, via testkit):
//   - SIGKILL of the leader → time until zoosight reports the new leader (leader-changed event);
//   - SIGSTOP of a follower → time until zoosight reports it hung (server-down event, to=hung).
// zoosight runs its normal loop (default interval 5 s, deadlines 1 s connect / 2 s total).
// Target: within one collection interval plus the deadline (7 s).
//
//   node --conditions=source --import tsx benchmarks/collector-detection.ts [--trials 3] [--interval 5000]
import type { Ensemble } from "@zoosight/testkit";
import { startEnsemble } from "@zoosight/testkit";
import type { HealthEvent } from "zoosight";
import { parseServerSpec, realClock, WatchService } from "zoosight";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}
const TRIALS = arg("trials", 3);
const INTERVAL = arg("interval", 5000);
const TIMEOUT = 2000;

const clock = realClock;

function waitEvent(service: WatchService, match: (e: HealthEvent) => boolean, maxMs: number): Promise<HealthEvent | undefined> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      off();
      resolve(undefined);
    }, maxMs);
    const off = service.tracker.subscribe((e) => {
      if (match(e)) {
        clearTimeout(t);
        off();
        resolve(e);
      }
    });
  });
}

async function healthy(service: WatchService): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (service.tracker.all()[0]?.verdict === "healthy") return;
    await clock.sleep(250);
  }
  throw new Error("ensemble never healthy");
}

const zk: Ensemble = await startEnsemble({ servers: 3, name: "bench-detection" });
const leaderMs: number[] = [];
const electionMs: number[] = [];
const hungMs: number[] = [];
try {
  await zk.waitServing();
  const service = new WatchService({
    ensembles: [{ name: "bench", servers: zk.servers.map((s) => parseServerSpec(`${s.clientAddress}@${s.adminPort}`)) }],
    clock,
    limits: { connectTimeoutMs: 1000, totalTimeoutMs: TIMEOUT, maxBytes: 4 << 20 },
  });
  const stop = new AbortController();
  const loop = service.run(INTERVAL, stop.signal);
  for (let t = 0; t < TRIALS; t++) {
    await healthy(service);
    const old = await zk.leader();
    const seen = waitEvent(service, (e) => e.kind === "leader-changed" && e.from === old.clientAddress, 60_000);
    const killedAt = Date.now();
    await old.kill();
    const fresh = await zk.leader(60_000);
    electionMs.push(Date.now() - killedAt);
    const e = await seen;
    if (!e) throw new Error("new leader never reported");
    if (e.to !== fresh.clientAddress) throw new Error(`zoosight reported ${e.to}, testkit sees ${fresh.clientAddress}`);
    leaderMs.push(e.atMs - killedAt);
    await old.restart();

    await healthy(service);
    const [follower] = await zk.followers();
    if (!follower) throw new Error("no follower");
    const hung = waitEvent(service, (ev) => ev.server === follower.clientAddress && ev.to === "hung", 60_000);
    const pausedAt = Date.now();
    follower.pause();
    const h = await hung;
    follower.resume();
    if (!h) throw new Error("hung never reported");
    hungMs.push(h.atMs - pausedAt);
  }
  stop.abort();
  await loop;
} finally {
  await zk.close();
}
const stats = (xs: number[]) => ({ min: Math.min(...xs), median: [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)], max: Math.max(...xs), all: xs });
console.log(
  JSON.stringify(
    {
      intervalMs: INTERVAL,
      totalDeadlineMs: TIMEOUT,
      targetMs: INTERVAL + TIMEOUT,
      trials: TRIALS,
      leaderKilledToNewLeaderReportedMs: stats(leaderMs),
      leaderKilledToZooKeeperElectedMs: stats(electionMs),
      followerPausedToHungReportedMs: stats(hungMs),
    },
    null,
    2,
  ),
);
