// A real Prometheus (Debian package) ingesting the same workload the way it always ingests: by
// scraping. The workload's sources are served as text exposition on one local HTTP server (one
// target per source, its values stepped every scrape interval); Prometheus's CPU (utime + stime
// from /proc) and its own prometheus_tsdb_head_samples_appended_total over a measured window give
// samples per CPU-second. Its figure includes scraping and parsing the exposition, which zoosight's
// Appender never does (the collector hands it samples), so it is the cost of ingest as each system
// ingests, not of the same code path.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PROMETHEUS = "/usr/bin/prometheus";

export interface IngestSource {
  ensemble: string;
  server: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

export interface PrometheusIngest {
  samplesPerCpuSec: number;
  samplesPerSec: number;
  cpuShare: number;
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

async function freePort(): Promise<number> {
  const s = http.createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

/** Process CPU seconds (user + system) of `pid` from /proc/<pid>/stat (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function appended(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^prometheus_tsdb_head_samples_appended_total(?:\{[^}]*\})? (\S+)$/m.exec(text);
  if (!m) throw new Error("prometheus_tsdb_head_samples_appended_total not found in Prometheus's /metrics");
  return Number(m[1]);
}

export function prometheusAvailable(): boolean {
  return existsSync(PROMETHEUS);
}

/** Runs Prometheus against `sources` for warm-up + `seconds`, scraping every `scrapeMs`. */
export async function prometheusIngest(sources: IngestSource[], step: () => void, opts: { seconds: number; scrapeMs: number; warmupSeconds: number }): Promise<PrometheusIngest> {
  const dir = mkdtempSync(join(tmpdir(), "zoosight-bench-prom-ingest-"));
  const exporter = http.createServer((req, res) => {
    const i = Number(/^\/s\/(\d+)$/.exec(req.url ?? "")?.[1] ?? -1);
    const src = sources[i];
    if (!src) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const lines: string[] = [];
    for (const x of src.samples) lines.push(`${x.name}{ensemble="${src.ensemble}",server="${src.server}"} ${x.value}`);
    res.setHeader("content-type", "text/plain; version=0.0.4");
    res.end(`${lines.join("\n")}\n`);
  });
  const exporterPort = await listen(exporter);
  const ticker = setInterval(step, opts.scrapeMs);
  const promPort = await freePort();
  const seconds = opts.scrapeMs / 1000;
  const targets = sources.map((_, i) => `      - targets: ["127.0.0.1:${exporterPort}"]\n        labels: {__metrics_path__: "/s/${i}", source: "s${i}"}`).join("\n");
  writeFileSync(join(dir, "prometheus.yml"), `global:\n  scrape_interval: ${seconds}s\n  scrape_timeout: ${seconds}s\nscrape_configs:\n  - job_name: bench\n    honor_labels: true\n    static_configs:\n${targets}\n`);
  const prom: ChildProcess = spawn(PROMETHEUS, [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: "ignore" });
  const base = `http://127.0.0.1:${promPort}`;
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (prom.exitCode !== null) throw new Error(`prometheus exited ${prom.exitCode}`);
      const ready = await fetch(`${base}/-/ready`).then((r) => r.ok, () => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error("prometheus not ready after 60 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, opts.warmupSeconds * 1000));
    const n0 = await appended(base);
    const c0 = cpuSeconds(prom.pid!);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, opts.seconds * 1000));
    const n1 = await appended(base);
    const c1 = cpuSeconds(prom.pid!);
    const wall = (Date.now() - t0) / 1000;
    return { samplesPerCpuSec: (n1 - n0) / (c1 - c0), samplesPerSec: (n1 - n0) / wall, cpuShare: (c1 - c0) / wall };
  } finally {
    clearInterval(ticker);
    const exited = new Promise((r) => prom.once("exit", r));
    prom.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    prom.kill("SIGKILL");
    await new Promise((r) => exporter.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
}
