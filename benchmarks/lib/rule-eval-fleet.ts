// Data and rules for the rule-evaluation benchmark: ZooKeeper servers' series as the collector
// appends them (the real mntr fixture of a 3.8 leader through zoosight's own mntr parser and
// family mapping, plus the health families of metrics/health-samples.ts), one batch per server
// and one per ensemble every 5 s; and the built-in rule pack replicated to N rules.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { addMonitorFamilies, FamilySet, loadRuleText, parseMntr, type RuleGroupSpec, SERVER_STATES, ZOOKEEPER_RULES_YAML } from "zoosight";

export interface Batch {
  ensemble: string;
  server: string;
  timestampMs: number;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const MNTR = join(import.meta.dirname, "..", "..", "packages", "server", "test", "fixtures", "zk-3.8", "leader-mntr.txt");

/** Values that move: counters grow, gauges wander; the rest stay as the fixture has them. */
const MOVING = /_total$|znodes|watches|approximate_data_size|outstanding|fsynctime|open_file_descriptors|transactions_behind/;
/** Latency gauges (seconds) wander by milliseconds; the servers of every 100th ensemble are slow (their latency alerts fire). */
const LATENCY = /latency/;

function moved(name: string, value: number, wander: number, e: number): number {
  if (LATENCY.test(name)) return e % 100 === 0 ? 0.25 : value + wander / 1000;
  return MOVING.test(name) ? value + wander : value;
}

export class Fleet {
  readonly ensembles: number;
  readonly serversPerEnsemble: number;
  readonly #template: Batch["samples"];
  #round = 0;

  constructor(servers: number, serversPerEnsemble = 5) {
    this.serversPerEnsemble = serversPerEnsemble;
    this.ensembles = Math.ceil(servers / serversPerEnsemble);
    const set = new FamilySet();
    addMonitorFamilies(set, parseMntr(readFileSync(MNTR, "utf8")), { ensemble: "E", server: "S" });
    this.#template = set.families().flatMap((f) => f.samples);
  }

  /** Series per server batch (ZooKeeper's own families plus the health families). */
  get seriesPerServer(): number {
    return this.#batchFor(0, 0, 0).samples.length;
  }

  #batchFor(e: number, i: number, t: number, only?: ReadonlySet<string>): Batch {
    const ensemble = `ens-${e}`;
    const server = `zk-${e}-${i}.example:2181`;
    const r = this.#round;
    const base = { ensemble, server };
    const template = only ? this.#template.filter((s) => only.has(s.name)) : this.#template;
    const samples: Batch["samples"] = template.map((s) => ({
      name: s.name,
      labels: { ...s.labels, ensemble, server },
      value: moved(s.name, s.value, (r * (i + 1) + e) % 97, e),
    }));
    samples.push({ name: "zookeeper_up", labels: base, value: 1 }, { name: "zookeeper_serving", labels: base, value: 1 });
    for (const st of SERVER_STATES) samples.push({ name: "zookeeper_server_state", labels: { ...base, state: st }, value: st === (i === 0 ? "leader" : "follower") ? 1 : 0 });
    if (i > 0) samples.push({ name: "zookeeper_transactions_behind_leader", labels: base, value: r % 5 });
    samples.push(
      { name: "zookeeper_server_id", labels: base, value: i + 1 },
      { name: "zookeeper_zxid_epoch", labels: base, value: 3 },
      { name: "zookeeper_zxid_sequence", labels: base, value: r * 10 + i },
      { name: "zookeeper_server_version_info", labels: { ...base, version: "3.8.4" }, value: 1 },
      { name: "zoosight_scrape_duration_seconds", labels: base, value: 0.002 + (r % 7) / 1000 },
      { name: "zoosight_last_scrape_timestamp_seconds", labels: base, value: t / 1000 },
    );
    for (const source of ["mntr", "conf", "srvr"]) samples.push({ name: "zoosight_request_duration_seconds", labels: { ...base, source }, value: 0.001 });
    return { ensemble, server, timestampMs: t, samples: only ? samples.filter((s) => only.has(s.name)) : samples };
  }

  #ensembleBatch(e: number, t: number): Batch {
    const l = { ensemble: `ens-${e}` };
    const n = this.serversPerEnsemble;
    const samples: Batch["samples"] = [];
    for (const v of ["healthy", "degraded", "no-quorum", "multiple-leaders"]) samples.push({ name: "zookeeper_ensemble_verdict", labels: { ...l, verdict: v }, value: v === "healthy" ? 1 : 0 });
    const g = (name: string, value: number) => samples.push({ name: `zookeeper_ensemble_${name}`, labels: l, value });
    g("healthy", 1);
    g("quorum", 1);
    g("voters", n);
    g("voters_serving", n);
    g("voters_up", n);
    g("quorum_needed", Math.floor(n / 2) + 1);
    g("leaders", 1);
    g("elections_total", 1);
    g("leader_changes_total", 1);
    g("zxid_spread", this.#round % 3);
    g("versions", 1);
    g("config_drift", 0);
    g("members_unconfigured", 0);
    g("servers_not_members", 0);
    return { ensemble: `ens-${e}`, server: "", timestampMs: t, samples };
  }

  /** One collection round at `t`: every server's batch, then every ensemble's; `only`: just these families. */
  round(t: number, only?: ReadonlySet<string>): Batch[] {
    const out: Batch[] = [];
    for (let e = 0; e < this.ensembles; e++) {
      for (let i = 0; i < this.serversPerEnsemble; i++) out.push(this.#batchFor(e, i, t, only));
      out.push(this.#ensembleBatch(e, t));
    }
    this.#round++;
    return out;
  }
}

/**
 * The pack's rules replicated to `n` rules: copy k of each group is the group named `<name>-k`
 * with the same interval; thresholds of `> N` / `< N` comparisons scaled by (1 + k/100) and a
 * `copy` label, so that no two rules are the same.
 */
export function replicatedRules(n: number): RuleGroupSpec[] {
  const { groups, errors } = loadRuleText(ZOOKEEPER_RULES_YAML, "<builtin:zookeeper>");
  if (errors.length > 0) throw errors[0];
  const perCopy = groups.reduce((a, g) => a + g.rules.length, 0);
  const out: RuleGroupSpec[] = [];
  let left = n;
  for (let k = 0; left > 0; k++) {
    for (const g of groups) {
      if (left <= 0) break;
      const rules = g.rules.slice(0, left).map((r) => ({
        ...r,
        expr: k === 0 ? r.expr : r.expr.replace(/([<>]) (\d+(?:\.\d+)?)$/, (_m, op: string, num: string) => `${op} ${Number(num) * (1 + k / 100)}`),
        labels: { ...r.labels, copy: String(k) },
      }));
      left -= rules.length;
      out.push({ ...g, name: `${g.name}-${k}`, rules });
    }
  }
  if (out.reduce((a, g) => a + g.rules.length, 0) !== n || perCopy === 0) throw new Error("rule replication miscounted");
  return out;
}
