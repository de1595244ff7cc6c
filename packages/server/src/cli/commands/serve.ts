import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { isAbsolute, join } from "node:path";
import { startHttpServer } from "../../api/http-server.ts";
import { WatchService } from "../../api/watch-service.ts";
import { ConfigError } from "../../config/config-error.ts";
import type { ZoosightConfig } from "../../config/load-config.ts";
import { configFromFlags, FlagError, parseFlags, WATCH_FLAGS } from "../../config/from-cli.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";
import { AlertingConfigError } from "../../alerting/config/config-error.ts";
import { realClock } from "../../collect/clock.ts";
import { type ServeAlerting, startServeAlerting } from "./serve-alerting.ts";
import { buildFamilies } from "../../metrics/exporter.ts";
import { parseByteSize, parseDuration, RetentionSpecError, Tsdb, TsdbCorruptionError, tsdbMetricsText } from "../../tsdb/index.ts";

const USAGE = `usage: zoosight serve (--zk host:port[,host:port...] | --config zoosight.yaml) [options]

Collects every server of every ensemble every interval and serves, over HTTP:
  /metrics                    Prometheus exposition (zookeeper_*, zoosight_*)
  /-/healthy, /-/ready        liveness, and readiness after the first collection
  /api/zoosight/ensembles     the health model per ensemble (JSON)
  /api/zoosight/events        health events (?since=<ms>&ensemble=<name>)
  /api/v1/query, /api/v1/query_range  PromQL over the embedded history
  /api/v1/series, /api/v1/labels, /api/v1/label/<name>/values, /api/v1/metadata
  /api/v1/rules, /api/v1/alerts  the built-in ZooKeeper rule pack, evaluated in-process
  /api/v2/...                 Alertmanager API (amtool) when zoosight.yaml has route/receivers
Health events are also printed as they happen, one line each.

  --zk LIST            servers of one ensemble (host:port, or host:port@adminPort)
  --config FILE        zoosight.yaml (ensembles, collector, http, data)
  --name NAME          name of the --zk ensemble (default: default)
  --admin-port N       AdminServer port of every --zk server
  --port N             HTTP port (default 7070; 0 picks a free port)
  --listen HOST        HTTP address (default 127.0.0.1)
  --external-url URL   how people reach this zoosight (links in notifications; default
                       http://<listen host, or this host's name for 0.0.0.0/::>:<port>)
  --data DIR           data directory (default ./zoosight-data); history in DIR/tsdb
  --retention-time D   delete history older than D (default 15d; e.g. 12h, 30d)
  --retention-size S   delete the oldest history while it takes more than S (e.g. 512MB)
  --interval MS        collection interval (default 5000)
  --timeout MS         total deadline per request (default 2000)
  --connect-timeout MS connect deadline per request (default 1000)
  --probe              also measure a read and a write to /zoosight/canary through a client session
  --no-sentinel        no idle client session per ensemble (by default its disconnections, as
                       when a leader dies or the quorum is lost, trigger a collection at once)
  --json               print events as JSON lines`;

export const serveCommand: Command = {
  name: "serve",
  summary: "collect continuously and serve /metrics and the zoosight API",
  usage: USAGE,
  async run(argv, io) {
    let config: ZoosightConfig;
    let json: boolean;
    let retentionTimeMs = 15 * 86_400_000;
    let retentionBytes = 0;
    let configFile: string | undefined;
    try {
      const flags = parseFlags(argv, [...WATCH_FLAGS, "port", "listen", "external-url", "data", "interval", "retention-time", "retention-size"], ["json", "probe", "no-sentinel"]);
      json = flags.booleans.has("json");
      config = await configFromFlags(flags, io.cwd);
      const file = flags.values.get("config");
      if (file !== undefined) configFile = isAbsolute(file) ? file : join(io.cwd, file);
      const rt = flags.values.get("retention-time");
      if (rt !== undefined) retentionTimeMs = parseDuration(rt);
      const rs = flags.values.get("retention-size");
      if (rs !== undefined) retentionBytes = parseByteSize(rs);
    } catch (err) {
      if (err instanceof RetentionSpecError) throw new UsageError(`--retention-*: ${err.message}`);
      if (err instanceof FlagError || err instanceof ConfigError) throw new UsageError(err.message);
      throw err;
    }
    const dataDir = isAbsolute(config.data) ? config.data : join(io.cwd, config.data);
    await mkdir(dataDir, { recursive: true });
    const c = config.collector;
    let tsdb: Tsdb;
    try {
      const warn = (m: string) => io.stderr(`zoosight serve: warning: ${m}\n`);
      tsdb = Tsdb.open({ dir: join(dataDir, "tsdb"), clock: realClock, retentionTimeMs, retentionBytes, warn });
    } catch (err) {
      if (!(err instanceof TsdbCorruptionError)) throw err;
      io.stderr(`zoosight serve: ${err.message}; not serving damaged history (move the file away or restore it)\n`);
      return 1;
    }
    const service = new WatchService({
      appenders: [tsdb],
      ensembles: config.ensembles,
      clock: realClock,
      limits: { connectTimeoutMs: c.connectTimeoutMs, totalTimeoutMs: c.timeoutMs, maxBytes: c.maxResponseBytes },
      health: { maxLag: c.maxLag },
      probe: c.probe ? { timeoutMs: c.timeoutMs } : false,
      sentinel: c.sentinel ? {} : false,
    });
    service.tracker.subscribe((e) => {
      if (json) io.stdout(`${JSON.stringify(e)}\n`);
      else io.stdout(`${new Date(e.atMs).toISOString()} ${e.ensemble} ${e.kind}: ${e.message}\n`);
    });
    const promMeta = { querier: tsdb, metadata: () => buildFamilies(service.exportInput()) };
    const externalURL = config.http.externalURL ?? defaultExternalURL(config.http.host, config.http.port);
    let alerting: ServeAlerting;
    try {
      alerting = await startServeAlerting({ querier: tsdb, clock: realClock, configFile, dataDir, externalURL, collected: () => service.ready });
    } catch (err) {
      tsdb.close();
      if (err instanceof AlertingConfigError) throw new UsageError(err.message);
      throw err;
    }
    const http = await startHttpServer({
      service,
      host: config.http.host,
      port: config.http.port,
      promMeta,
      promRules: alerting.promRules,
      ...(alerting.alertmanager ? { alertmanager: alerting.alertmanager } : {}),
      extraMetrics: () => tsdbMetricsText(tsdb),
    });
    const flusher = setInterval(() => {
      try {
        tsdb.flush();
      } catch (err) {
        io.stderr(`zoosight serve: flushing history failed: ${(err as Error).message}\n`);
      }
    }, Math.min(c.intervalMs, 10_000));
    const names = config.ensembles.map((e) => `${e.name} (${e.servers.length} servers)`).join(", ");
    io.stderr(`zoosight serve: listening on http://${http.address} (data ${dataDir}); watching ${names} every ${c.intervalMs} ms\n`);
    const stop = new AbortController();
    const loop = service.run(c.intervalMs, stop.signal);
    await Promise.race([io.interrupted, loop]);
    stop.abort();
    await loop;
    clearInterval(flusher);
    await alerting.stop();
    await http.close();
    await service.close();
    tsdb.close();
    io.stderr("zoosight serve: stopped\n");
    return 0;
  },
};

/** The URL notifications link to when none is configured: a wildcard listen address is no link. */
function defaultExternalURL(host: string, port: number): string {
  const name = host === "0.0.0.0" || host === "::" || host === "" ? hostname() : host;
  return `http://${name.includes(":") ? `[${name}]` : name}:${port}`;
}
