import { realClock } from "../../collect/clock.ts";
import { ConfigError } from "../../config/config-error.ts";
import type { ZoosightConfig } from "../../config/load-config.ts";
import { configFromFlags, FlagError, parseFlags, WATCH_FLAGS } from "../../config/from-cli.ts";
import { WatchService } from "../../api/watch-service.ts";
import type { EnsembleHealth } from "../../health/ensemble-health.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";

const USAGE = `usage: zoosight status (--zk host:port[,host:port...] | --config zoosight.yaml) [options]

Collects every server of every ensemble once and prints each server's state and the
ensemble's verdict with its reasons.

  --zk LIST            servers of one ensemble; host:port is the client port, host:port@N adds
                       the AdminServer port N (default: four-letter words only)
  --config FILE        zoosight.yaml with ensembles: [{name, servers: [...]}]
  --name NAME          name of the --zk ensemble (default: default)
  --admin-port N       AdminServer port of every --zk server
  --timeout MS         total deadline per request (default 2000)
  --connect-timeout MS connect deadline per request (default 1000)
  --probe              also measure a read and a write to /zoosight/canary through a client session
  --json               print the health model as JSON

Exit code: 0 when every ensemble is healthy, 1 when one is not, 2 on bad input.`;

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n");
}

export function formatStatus(h: EnsembleHealth): string {
  const rows = [["SERVER", "STATE", "ZXID", "LAG", "LATENCY", "CONNS", "NOT READ"]];
  for (const s of h.servers) {
    const kinds = new Set(s.unreadable.map((u) => u.kind));
    const notRead =
      (s.state === "down" || s.state === "hung") && kinds.size === 1
        ? `all sources: ${[...kinds][0]}`
        : s.unreadable.map((u) => `${u.source.replace(/^.*:/, "")}: ${u.kind}`).join(", ");
    rows.push([
      s.server,
      s.state,
      s.zxid ?? "-",
      s.lag === undefined ? "-" : String(s.lag),
      s.latencyAvgMs === undefined ? "-" : `${s.latencyAvgMs}ms`,
      s.connections === undefined ? "-" : String(s.connections),
      notRead || "-",
    ]);
  }
  const probe = h.probe ? (h.probe.ok ? `, probe read ${h.probe.readMs}ms write ${h.probe.writeMs}ms` : ", probe FAILED") : "";
  const head = `ensemble ${h.name}: ${h.verdict.toUpperCase()} (${h.votersServing}/${h.votersConfigured} voters serving, ${h.leaders.length} leader${h.leaders.length === 1 ? "" : "s"}${probe})`;
  const reasons = h.reasons.map((r) => `  - ${r}`);
  // Server reasons not already given among the ensemble's reasons.
  const details = h.servers
    .filter((s) => s.reason !== "" && !h.reasons.some((r) => r.startsWith(`${s.server} `)))
    .map((s) => `  ${s.server}: ${s.reason}`);
  return [head, ...reasons, "", pad(rows), ...(details.length > 0 ? ["", ...details] : [])].join("\n");
}

export const statusCommand: Command = {
  name: "status",
  summary: "one-shot state of every server and the ensemble verdict",
  usage: USAGE,
  async run(argv, io) {
    let config: ZoosightConfig;
    let json: boolean;
    try {
      const flags = parseFlags(argv, WATCH_FLAGS, ["json", "probe"]);
      json = flags.booleans.has("json");
      config = await configFromFlags(flags, io.cwd);
    } catch (err) {
      if (err instanceof FlagError || err instanceof ConfigError) throw new UsageError(err.message);
      throw err;
    }
    const c = config.collector;
    const service = new WatchService({
      ensembles: config.ensembles,
      clock: realClock,
      limits: { connectTimeoutMs: c.connectTimeoutMs, totalTimeoutMs: c.timeoutMs, maxBytes: c.maxResponseBytes },
      health: { maxLag: c.maxLag },
      probe: c.probe ? { timeoutMs: c.timeoutMs } : false,
      discover: true,
    });
    const { health } = await service.cycle().finally(() => service.close());
    if (json) io.stdout(`${JSON.stringify({ ensembles: health }, null, 2)}\n`);
    else io.stdout(`${health.map(formatStatus).join("\n\n")}\n`);
    return health.every((h) => h.verdict === "healthy") ? 0 : 1;
  },
};
