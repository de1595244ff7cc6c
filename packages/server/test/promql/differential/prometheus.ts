// A real Prometheus (Debian package, 2.42) over backfilled data: promtool tsdb
// create-blocks-from openmetrics, then prometheus on that storage on a free port; stop() kills it.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, releasePort } from "@zoosight/testkit";

export interface RealPrometheus {
  base: string;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 300_000, maxBuffer: 1 << 24 }, (err, _out, stderr) => (err ? reject(new Error(`${cmd} failed: ${stderr || err.message}`)) : resolve()));
  });
}

export async function startPrometheus(openMetrics: string): Promise<RealPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), "zoosight-prom-"));
  const file = join(dir, "data.om");
  writeFileSync(file, openMetrics);
  writeFileSync(join(dir, "prometheus.yml"), "global: {}\n");
  await run("promtool", ["tsdb", "create-blocks-from", "openmetrics", file, join(dir, "tsdb")]);
  rmSync(file);
  const port = await freePort();
  const child: ChildProcess = spawn(
    "prometheus",
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "tsdb")}`,
      "--storage.tsdb.retention.time=100y",
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (b: Buffer) => {
    log = (log + b.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    }
    releasePort(port);
    rmSync(dir, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${base}/-/ready`)).status === 200) return { base, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`prometheus did not become ready: ${log}`);
}
