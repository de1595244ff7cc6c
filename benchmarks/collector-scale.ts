// Collector at scale: N simulated servers (default 1,000) scraped every 5 s.
//
//   node --conditions=source --import tsx benchmarks/collector-scale.ts [--servers 1000] [--seconds 60]
//        [--interval 5000] [--render-every 15000] [--admin] [--batch-servers N] [--tsx] [--node-arg <flag>]...
//
// `--admin`: every fake server also runs an AdminServer (HTTP/1.1 keep-alive) and zoosight is
// given it (host:port@adminPort), so it reads monitor + server_stats there; default: four-letter
// words only. `--batch-servers N`: servers whose cycles start together (collector option
// batchServers; default the collector's, 100; 1 = each ensemble on its own tick, as before batching).
//
// By default this script only bundles itself and the current zoosight sources with esbuild
// (benchmarks/dist/bench-bundle/collector-scale.mjs) and runs the measurement in a child process
// under plain `node` (no TypeScript loader), as the built CLI runs; `--tsx` measures in this
// process instead, under tsx (about 55 MB more RSS). `--node-arg` passes a flag to that child
// (e.g. `--node-arg --cpu-prof`).
// The fake servers run in another child process (benchmarks/collector-fleet.ts), so the CPU time
// and RSS measured are the collector's alone: zoosight's WatchService (collector + health model),
// plus a /metrics render every 15 s as a Prometheus scrape would cause (`--render-every 0`: none).
// Reported: CPU share of one core over the measured window (after the first cycle; user and
// system apart, with the 1-minute load average before and after), peak RSS,
// freshness = the oldest figure of any healthy server at any moment (sampled every 250 ms; by the
// time the answer arrived and by the time the read began, which is the samples' timestamp),
// ensemble cycle durations, and whether every server was classified as what it is (healthy →
// follower, hung and slow → hung, dead → down).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EnsembleConfig } from "zoosight";
import * as zs from "zoosight";
const { parseServerSpec, realClock, WatchService } = zs;
// Older sources have no createNetTransport (before/after runs from a worktree of an older commit).
const createNetTransport = (zs as Record<string, unknown>).createNetTransport as (() => zs.Transport & { admin: { opened: number } }) | undefined;

const HERE = fileURLToPath(new URL(".", import.meta.url));
// The bundle lives in benchmarks/dist/bench-bundle/; the fleet script stays in benchmarks/.
const BENCH_DIR = existsSync(join(HERE, "collector-fleet.ts")) ? HERE : join(HERE, "../..");
const BUNDLE = join(BENCH_DIR, "dist/bench-bundle/collector-scale.mjs");

if (!process.argv.includes("--child") && !process.argv.includes("--tsx")) {
  const { build } = await import("esbuild");
  mkdirSync(dirname(BUNDLE), { recursive: true });
  await build({
    entryPoints: [join(BENCH_DIR, "collector-scale.ts")],
    outfile: BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["source"],
    // Bundled packages that still call require() (CommonJS inside an ES module bundle).
    banner: { js: 'import { createRequire as __zsCreateRequire } from "node:module"; const require = __zsCreateRequire(import.meta.url);' },
    external: ["esbuild"],
    sourcemap: "linked",
    logLevel: "warning",
  });
  const nodeArgs: string[] = [];
  const rest: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--node-arg") nodeArgs.push(argv[++i]!);
    else rest.push(argv[i]!);
  }
  const child = spawn(process.execPath, [...nodeArgs, BUNDLE, "--child", ...rest], { stdio: "inherit" });
  const code = await new Promise<number>((resolve) => child.once("exit", (c) => resolve(c ?? 1)));
  process.exit(code);
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}
const SERVERS = arg("servers", 1000);
const SECONDS = arg("seconds", 60);
const INTERVAL = arg("interval", 5000);
const RENDER_EVERY = arg("render-every", 15000);
const PER_ENSEMBLE = 5;
const ADMIN = process.argv.includes("--admin");
// 0: the collector's default (cycles start in batches of ~100 servers); 1: every ensemble on its own tick.
const BATCH_SERVERS = arg("batch-servers", 0);

const clock = realClock;

const fleet = spawn(process.execPath, ["--conditions=source", "--import", "tsx", join(BENCH_DIR, "collector-fleet.ts"), String(SERVERS), ADMIN ? "admin" : "4lw"], {
  stdio: ["pipe", "pipe", "inherit"],
});
const line = await new Promise<string>((resolve) => createInterface({ input: fleet.stdout! }).once("line", resolve));
const { admin: adminPorts, ...ports } = JSON.parse(line) as Record<"healthy" | "hung" | "slow" | "dead", number[]> & { admin: Record<string, number> };
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
  ensembles.push({ name: `e${i / PER_ENSEMBLE}`, servers: all.slice(i, i + PER_ENSEMBLE).map((s) => parseServerSpec(ADMIN ? `${s}@${adminPorts[s.split(":")[1]!]}` : s)) });
}

const transport = createNetTransport?.();
const service = new WatchService({
  ensembles,
  ...(transport ? { transport } : {}),
  clock,
  limits: { connectTimeoutMs: 1000, totalTimeoutMs: 2000, maxBytes: 4 * 1024 * 1024 },
  detailEvery: 12,
  discover: false,
  ...(BATCH_SERVERS > 0 ? { batchServers: BATCH_SERVERS } : {}),
});

const stop = new AbortController();
const cycleMs: number[] = [];
const started = Date.now();
const loop = service.run(INTERVAL, stop.signal, (r) => cycleMs.push(r.finishedMs - r.startedMs));

// Measured window starts once every ensemble has been collected once.
while (!service.ready) await clock.sleep(50);
const load0 = loadavg()[0]!;
const adminConnects0 = transport?.admin.opened ?? 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let peakRss = process.memoryUsage().rss;
let worstAge = 0;
// Largest gap between two successive reads of one healthy server (each read is stamped when the
// answer arrived); at most the interval when no healthy server ever waits.
let worstGap = 0;
const lastRead = new Map<string, number>();
// The same by the time each read began (the timestamp its samples get in the store): successive
// reads of a server that never waits start one interval apart, whatever each read takes.
let worstAgeByStart = 0;
let worstStartGap = 0;
const lastStart = new Map<string, number>();
let renders = 0;
let metricsBytes = 0;
// Where the RSS goes (sampled less often: memoryUsage() is not free and counts as zoosight's CPU).
let peakHeapTotal = 0;
let peakExternal = 0;
let samples = 0;
const sampler = setInterval(() => {
  // memoryUsage.rss() alone is much cheaper than memoryUsage().
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  if (samples++ % 8 === 0) {
    const m = process.memoryUsage();
    peakHeapTotal = Math.max(peakHeapTotal, m.heapTotal);
    peakExternal = Math.max(peakExternal, m.external);
  }
  const now = Date.now();
  for (const name of service.collector.ensembleNames) {
    for (const s of service.collector.latest(name)) {
      if (kindOf.get(s.server) !== "healthy") continue;
      worstAge = Math.max(worstAge, now - s.finishedMs);
      worstAgeByStart = Math.max(worstAgeByStart, now - s.startedMs);
      const prev = lastRead.get(s.server);
      if (prev !== undefined && prev !== s.finishedMs) worstGap = Math.max(worstGap, s.finishedMs - prev);
      lastRead.set(s.server, s.finishedMs);
      const prevStart = lastStart.get(s.server);
      if (prevStart !== undefined && prevStart !== s.startedMs) worstStartGap = Math.max(worstStartGap, s.startedMs - prevStart);
      lastStart.set(s.server, s.startedMs);
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
const adminConnects = transport ? transport.admin.opened - adminConnects0 : -1;
clearInterval(sampler);
clearInterval(scraper);
stop.abort();
await loop;
await service.close();
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
  loader: process.argv.includes("--child") ? "node (esbuild bundle)" : "node --import tsx",
  servers: SERVERS,
  mode: ADMIN ? "AdminServer + 4lw" : "4lw only",
  batchServers: BATCH_SERVERS > 0 ? BATCH_SERVERS : `default (${(zs as Record<string, unknown>).DEFAULT_BATCH_SERVERS ?? "?"})`,
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
  cpuUserPercent: Math.round((cpu.user / 1000 / wallMs) * 1000) / 10,
  cpuSystemPercent: Math.round((cpu.system / 1000 / wallMs) * 1000) / 10,
  loadAverage1m: [Math.round(load0 * 10) / 10, Math.round(loadavg()[0]! * 10) / 10],
  peakRssMB: Math.round(peakRss / 1024 / 1024),
  peakHeapTotalMB: Math.round(peakHeapTotal / 1024 / 1024),
  peakExternalMB: Math.round(peakExternal / 1024 / 1024),
  worstHealthyAgeMs: worstAge,
  worstHealthyReadGapMs: worstGap,
  worstHealthyAgeByReadStartMs: worstAgeByStart,
  worstHealthyReadStartGapMs: worstStartGap,
  metricsRenders: renders,
  metricsRenderMs: renderMs,
  metricsBytes,
  adminConnectsInWindow: adminConnects,
  misclassified: wrong.length,
  totalSeconds: Math.round((Date.now() - started) / 1000),
};
console.log(JSON.stringify(result, null, 2));
if (wrong.length > 0) console.log(`misclassified (first 10): ${wrong.slice(0, 10).join("; ")}`);
