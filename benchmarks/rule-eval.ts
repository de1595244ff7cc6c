// Rule evaluation cost: 1,000 alerting rules (the built-in ZooKeeper pack replicated, with the
// pack's group intervals 1 s / 5 s / 30 s) evaluated by the real RuleManager through serve's query
// function over the real store (Tsdb: head + WAL) holding 1,000 ZooKeeper servers' series, filled
// as the collector fills it (one batch per server and one per ensemble every 5 s).
//
//   node --conditions=source --import tsx --expose-gc benchmarks/rule-eval.ts [--runs 3] [--seconds 120] [--servers 1000] [--rules 1000] [--all-at-ms 5000] [--write] [--profile file.cpuprofile]
//
// --settle-gc-ms N (default 300): wall time after each round's full collection, see below.
// --profile / --heap-profile write a CPU profile / an allocation sampling profile (objects collected
// since included) of the first run's steady part (after the warm-up), appends included.
//
// Time is virtual: the manager runs on an injected clock that the driver advances second by
// second, so every group evaluates at each of its slots exactly as on a real clock. The CPU time
// (user + sys of this process) spent between advancing the clock and the evaluations settling is
// the rule-evaluation cost; divided by the virtual seconds covered it is the share of one core
// that evaluating the rules on a real clock would take. Appends are timed apart and not included.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type Clock, queryOver, RuleManager, Tsdb } from "zoosight";
import { type Batch, Fleet, replicatedRules } from "./lib/rule-eval-fleet.ts";
import { writeSection } from "./lib/markdown-section.ts";
import { median } from "./lib/stats.ts";

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = opt("runs", 3);
const SECONDS = opt("seconds", 120);
const SERVERS = opt("servers", 1000);
const RULES = opt("rules", 1000);
/** Every group at this interval instead of the pack's own (ms; 0: the pack's 1 s / 5 s / 30 s). */
const ALL_AT_MS = opt("all-at-ms", 0);
const GROUPS = replicatedRules(RULES).map((g) => (ALL_AT_MS > 0 ? { ...g, intervalMs: ALL_AT_MS } : g));
/**
 * The start, reported apart from the steady state: until the longest group interval has passed, some
 * rules have not evaluated yet, and a rule's first evaluation does one-time work (parsing its
 * expression, decoding the hour of history its selectors read, building the kept selects).
 */
const WARM_UP_S = Math.ceil(Math.max(...GROUPS.map((g) => g.intervalMs ?? 0)) / 1000);
if (SECONDS <= WARM_UP_S) throw new Error(`--seconds must be over ${WARM_UP_S} (the warm-up is reported apart)`);
/** Wall time after each round's full collection before the evaluations go on (see below). */
const SETTLE_GC_MS = opt("settle-gc-ms", 300);
const PROFILE = args.includes("--profile") ? args[args.indexOf("--profile") + 1] : undefined;
const HEAP_PROFILE = args.includes("--heap-profile") ? args[args.indexOf("--heap-profile") + 1] : undefined;
const HISTORY_S = 3600; // the pack's longest window: predict_linear(...[1h])
const SCRAPE_MS = 5000;
const T0 = 1_700_003_600_000;

/** A clock the driver moves: sleepers wake when it passes their deadline. */
class VirtualClock implements Clock {
  #now: number;
  #sleepers: { at: number; wake: () => void }[] = [];
  constructor(now: number) {
    this.#now = now;
  }
  now(): number {
    return this.#now;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const onAbort = () => resolve();
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      this.#sleepers.push({ at: this.#now + ms, wake });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
  advance(to: number): void {
    this.#now = to;
    // In deadline order, as timers on a real clock fire.
    const due = this.#sleepers.filter((s) => s.at <= to).sort((a, b) => a.at - b.at);
    this.#sleepers = this.#sleepers.filter((s) => s.at > to);
    for (const s of due) s.wake();
  }
}

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
};

interface RunResult {
  ruleCpuMs: number;
  /** Of ruleCpuMs, the first WARM_UP_S virtual seconds (every rule's first evaluation). */
  warmUpCpuMs: number;
  appendCpuMs: number;
  evaluations: number;
  errors: number;
  missed: number;
  alerts: number;
  series: number;
}

/** Share of one core after the warm-up: the cost of every further interval. */
function steadyShare(r: RunResult): number {
  return (r.ruleCpuMs - r.warmUpCpuMs) / ((SECONDS - WARM_UP_S) * 1000);
}

async function run(profile: string | undefined, heapProfile: string | undefined): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), "zoosight-bench-rules-"));
  const clock = new VirtualClock(T0 - HISTORY_S * 1000);
  const tsdb = Tsdb.open({ dir, clock });
  const fleet = new Fleet(SERVERS);
  const groups = GROUPS;
  // History only for the families the rules read (the others exist from the measured rounds on:
  // selects look series up by name, so their history would only cost memory here).
  const read = new Set(groups.flatMap((g) => g.rules.flatMap((r) => r.expr.match(/zookeeper_[a-z_]+/g) ?? [])));
  try {
    for (let t = T0 - HISTORY_S * 1000; t < T0; t += SCRAPE_MS) {
      for (const b of fleet.round(t, read)) tsdb.append(b);
      if ((t / SCRAPE_MS) % 60 === 0) tsdb.flush();
    }
    clock.advance(T0);
    console.error(`history filled (${HISTORY_S} s of the families the rules read)`);
    let alerts = 0;
    const manager = new RuleManager({ query: queryOver(tsdb), notify: (a) => (alerts += a.length), clock });
    manager.load(groups);
    manager.start();
    let ruleCpuMs = 0;
    let warmUpCpuMs = 0;
    let ruleSysMs = 0;
    let appendCpuMs = 0;
    let series = 0;
    for (let s = 1; s <= SECONDS; s++) {
      const t = T0 + s * 1000;
      // The slots up to t evaluate first: a round stamped t (the time its reads began, as the
      // collector stamps it) reaches the store only after t.
      const c0 = process.cpuUsage();
      clock.advance(t);
      await settle();
      const used = process.cpuUsage(c0);
      ruleCpuMs += cpuMs(used);
      ruleSysMs += used.system / 1000;
      if (t % SCRAPE_MS === 0) {
        const c1 = process.cpuUsage();
        const batches: Batch[] = fleet.round(t);
        for (const b of batches) tsdb.append(b);
        tsdb.flush();
        series = batches.reduce((a, b) => a + b.samples.length, 0);
        // The round's garbage is the collector's cost: collect it here, not during the evaluations.
        globalThis.gc?.();
        // V8 finishes a full collection's sweeping on background threads after gc() returns; let
        // it finish here (counted with the appends) instead of during the next evaluations.
        if (SETTLE_GC_MS > 0) await new Promise((r) => setTimeout(r, SETTLE_GC_MS));
        appendCpuMs += cpuMs(process.cpuUsage(c1));
      }
      if (s === WARM_UP_S) {
        warmUpCpuMs = ruleCpuMs;
        if (profile || heapProfile) inspector.connect();
        if (heapProfile) {
          await inspector.post("HeapProfiler.enable");
          await inspector.post("HeapProfiler.startSampling", {
            samplingInterval: 16384,
            includeObjectsCollectedByMajorGC: true,
            includeObjectsCollectedByMinorGC: true,
          });
        }
        if (profile) {
          await inspector.post("Profiler.enable");
          await inspector.post("Profiler.setSamplingInterval", { interval: 250 });
          await inspector.post("Profiler.start");
        }
      }
      if (s % 10 === 0) console.error(`  ${s} s: rule evaluation ${ruleCpuMs.toFixed(0)} ms CPU so far (${ruleSysMs.toFixed(0)} ms of it in the kernel)`);
    }
    if (profile) {
      const { profile: data } = await inspector.post("Profiler.stop");
      writeFileSync(profile, JSON.stringify(data));
      console.error(`CPU profile of the steady part written to ${profile}`);
    }
    if (heapProfile) {
      const { profile: data } = await inspector.post("HeapProfiler.stopSampling");
      writeFileSync(heapProfile, JSON.stringify(data));
      console.error(`allocation profile of the steady part written to ${heapProfile}`);
    }
    if (profile || heapProfile) inspector.disconnect();
    await manager.stop();
    let evaluations = 0;
    let errors = 0;
    for (const g of manager.groups()) {
      for (const h of g.health.values()) {
        if (h.health === "err") errors++;
      }
      if (g.lastEvaluation !== undefined) evaluations += g.rules.length * Math.round((g.lastEvaluation - T0 + g.intervalMs) / g.intervalMs);
    }
    const missed = [...manager.missed.values()].reduce((a, b) => a + b, 0);
    return { ruleCpuMs, warmUpCpuMs, appendCpuMs, evaluations, errors, missed, alerts, series };
  } finally {
    tsdb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const inspector = new Session();
const loadBefore = loadavg()[0] ?? 0;
const results: RunResult[] = [];
for (let i = 0; i < RUNS; i++) {
  const r = await run(i === 0 ? PROFILE : undefined, i === 0 ? HEAP_PROFILE : undefined);
  results.push(r);
  console.error(`run ${i + 1}: rule evaluation ${r.ruleCpuMs.toFixed(0)} ms CPU over ${SECONDS} s = ${((r.ruleCpuMs / (SECONDS * 1000)) * 100).toFixed(1)}% of a core (after the first ${WARM_UP_S} s: ${(steadyShare(r) * 100).toFixed(1)}%); ${r.evaluations} rule evaluations, ${r.errors} rules in error, ${r.missed} missed iterations, ${r.alerts} alerts sent; appends ${r.appendCpuMs.toFixed(0)} ms`);
}
const share = median(results.map((r) => r.ruleCpuMs / (SECONDS * 1000)));
const steady = median(results.map(steadyShare));
const last = results[results.length - 1] as RunResult;
const perEval = median(results.map((r) => (r.ruleCpuMs * 1000) / r.evaluations));
const body = `Command: \`node --conditions=source --import tsx --expose-gc benchmarks/rule-eval.ts --runs ${RUNS} --seconds ${SECONDS} --write\`

${RULES} alerting rules (the built-in ZooKeeper pack's 21 rules replicated: copy k of each group keeps
the group's interval — 1 s ensemble rules, 5 s server rules, 30 s capacity rules — with its
thresholds scaled by 1 + k/100) evaluated by the real \`RuleManager\` through serve's query function
(\`queryOver\`: \`instantQuery\` per rule) over the real store (\`Tsdb\`, head + WAL) holding ${SERVERS}
ZooKeeper servers in ${Math.ceil(SERVERS / 5)} ensembles of 5: ${last.series} series appended every 5 s (per server the families
of a 3.8 leader's \`mntr\` through zoosight's mntr parser and mapping, plus the health families;
per ensemble the ensemble families; counters grow, gauges wander, latency gauges by milliseconds
with the servers of every 100th ensemble slow), after one hour of history of the families the rules read.
Virtual time: the manager runs on an injected clock that the benchmark advances second by
second for ${SECONDS} s; every group evaluates at each of its slots (${last.missed} missed iterations,
${last.errors} rules in error, ${last.evaluations} rule evaluations per run). Measured: this process's CPU time
(user + sys) from advancing the clock until the evaluations settle, appends excluded (timed
apart, with a full garbage collection after each round so that its garbage is not collected during the evaluations,
and ${SETTLE_GC_MS} ms of wall time after it, in which V8's background threads finish that collection's sweeping
of the ~1 GB heap: ${median(results.map((r) => r.appendCpuMs / SECONDS)).toFixed(0)} ms CPU per second of data). CPU time per virtual second is the share of one core
that the same evaluations take on a real clock. The first ${WARM_UP_S} s (the longest group interval) are reported apart:
until then some rules have not evaluated yet, and a rule's first evaluation does one-time work (parsing
its expression, decoding the hour of history its selectors read, building the kept selects). Median of ${RUNS} runs; ${cpus().length} × ${cpus()[0]?.model ?? "CPU"},
shared with other work: 1-minute load average ${loadBefore.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end.

| rules | servers | series | rule evaluations / s | CPU per evaluation | share of one core, after the first ${WARM_UP_S} s (every rule evaluated once) | share of one core, whole run | target |
|---|---|---|---|---|---|---|---|
| ${RULES} | ${SERVERS} | ${last.series} | ${(last.evaluations / SECONDS).toFixed(0)} | ${perEval.toFixed(0)} µs | ${(steady * 100).toFixed(1)}% (runs: ${results.map((r) => (steadyShare(r) * 100).toFixed(1)).join(", ")}) | ${(share * 100).toFixed(1)}% (first ${WARM_UP_S} s: ${median(results.map((r) => r.warmUpCpuMs)).toFixed(0)} ms CPU) | under 10%: ${steady < 0.1 ? "met" : "not met"} after the first ${WARM_UP_S} s, ${share < 0.1 ? "met" : "not met"} over the whole run |`;
console.log(body);
if (args.includes("--write")) writeSection(join(import.meta.dirname, "..", "docs", "benchmarks.md"), "## Rule evaluation", body);
