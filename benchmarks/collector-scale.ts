// Collector at scale: N simulated servers (default 1,000) scraped every 5 s.
//
//   node --conditions=source --import tsx benchmarks/collector-scale.ts [--servers 1000] [--seconds 60]
//        [--interval 5000] [--write]          (--write updates the "## Collector" section of docs/benchmarks.md)
//
// The fake servers run in a child process (benchmarks/collector-fleet.ts), so the CPU time and
// RSS measured here are the collector's alone: zoosight's WatchService (collector + health model)
// in this process, plus a /metrics render every 15 s as a Prometheus scrape would cause.
// Reported: CPU share of one core over the measured window (after the first cycle), peak RSS,
// freshness = the oldest figure of any healthy server at any moment (sampled every 250 ms),
// ensemble cycle durations, and whether every server was classified as what it is (healthy →
// follower, hung and slow → hung, dead → down).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Clock, EnsembleConfig } from "zoosight";
import { parseServerSpec, WatchService } from "zoosight";

const HERE = fileURLToPath(new URL(".", import.meta.url));

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}
const SERVERS = arg("servers", 1000);
const SECONDS = arg("seconds", 60);
const INTERVAL = arg("interval", 5000);
const RENDER_EVERY = arg("render-every", 15000);
const PER_ENSEMBLE = 5;

const clock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const onAbort = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

const fleet = spawn(process.execPath, ["--conditions=source", "--import", "tsx", join(HERE, "collector-fleet.ts"), String(SERVERS)], {
  stdio: ["pipe", "pipe", "inherit"],
});
const line = await new Promise<string>((resolve) => createInterface({ input: fleet.stdout! }).once("line", resolve));
const ports = JSON.parse(line) as Record<"healthy" | "hung" | "slow" | "dead", number[]>;
const kindOf = new Map<string, string>();
const all: string[] = [];
for (const [kind, list] of Object.entries(ports)) for (const p of list) {
  kindOf.set(`127.0.0.1:${p}`, kind);
  all.push(`127.0.0.1:${p}`);
}
// Spread the faulty servers over the ensembles.
all.sort((a, b) => (a.split(":")[1]!.slice(-2) < b.split(":")[1]!.slice(-2) ? -1 : 1));
const ensembles: EnsembleConfig[] = [];
for (let i = 0; i < all.length; i += PER_ENSEMBLE) {
  ensembles.push({ name: `e${i / PER_ENSEMBLE}`, servers: all.slice(i, i + PER_ENSEMBLE).map((s) => parseServerSpec(s)) });
}

const service = new WatchService({
  ensembles,
  clock,
  limits: { connectTimeoutMs: 1000, totalTimeoutMs: 2000, maxBytes: 4 * 1024 * 1024 },
  detailEvery: 12,
  discover: false,
});

const stop = new AbortController();
const cycleMs: number[] = [];
const origCycle = service.collector.collectEnsemble.bind(service.collector);
service.collector.collectEnsemble = async (name: string) => {
  const r = await origCycle(name);
  cycleMs.push(r.finishedMs - r.startedMs);
  return r;
};
const started = Date.now();
const loop = service.run(INTERVAL, stop.signal);

// Measured window starts once every ensemble has been collected once.
while (!service.ready) await clock.sleep(50);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let peakRss = process.memoryUsage().rss;
let worstAge = 0;
let renders = 0;
let metricsBytes = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const now = Date.now();
  for (const name of service.collector.ensembleNames) {
    for (const s of service.collector.latest(name)) {
      if (kindOf.get(s.server) === "healthy") worstAge = Math.max(worstAge, now - s.finishedMs);
    }
  }
}, 250);
const renderMs: number[] = [];
// As GET /metrics does: the async render yields to the event loop between ensembles.
const scraper = setInterval(async () => {
  if (RENDER_EVERY <= 0) return;
  const r0 = performance.now();
  metricsBytes = (await service.metricsAsync()).length;
  renderMs.push(Math.round(performance.now() - r0));
  renders++;
}, RENDER_EVERY > 0 ? RENDER_EVERY : 1 << 30);
await clock.sleep(SECONDS * 1000);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
clearInterval(scraper);
stop.abort();
await loop;
fleet.stdin!.end();

// Classification check on the last evaluation.
const wrong: string[] = [];
const expect: Record<string, string[]> = { healthy: ["follower"], hung: ["hung"], slow: ["hung"], dead: ["down"] };
for (const h of service.tracker.all()) {
  for (const s of h.servers) {
    const kind = kindOf.get(s.server)!;
    if (!expect[kind]!.includes(s.state)) wrong.push(`${s.server} (${kind}) → ${s.state}: ${s.reason}`);
  }
}
const cpuShare = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
const result = {
  servers: SERVERS,
  ensembles: ensembles.length,
  healthy: ports.healthy.length,
  hung: ports.hung.length,
  slow: ports.slow.length,
  dead: ports.dead.length,
  intervalMs: INTERVAL,
  measuredSeconds: Math.round(wallMs / 100) / 10,
  ensembleCycles: cycleMs.length,
  ensembleCycleMsMax: Math.max(...cycleMs),
  ensembleCycleMsMedian: [...cycleMs].sort((a, b) => a - b)[Math.floor(cycleMs.length / 2)],
  cpuPercentOfOneCore: Math.round(cpuShare * 10) / 10,
  peakRssMB: Math.round(peakRss / 1024 / 1024),
  worstHealthyAgeMs: worstAge,
  metricsRenders: renders,
  metricsRenderMs: renderMs,
  metricsBytes,
  misclassified: wrong.length,
  totalSeconds: Math.round((Date.now() - started) / 1000),
};
console.log(JSON.stringify(result, null, 2));
if (wrong.length > 0) console.log(`misclassified (first 10): ${wrong.slice(0, 10).join("; ")}`);
