// A real Alertmanager (Debian's prometheus-alertmanager) as a child process for end-to-end tests
// and benchmarks: started on a free port with a given configuration, waited on until ready,
// stopped with SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "./ports.ts";

/** The binary, or undefined when Alertmanager is not installed (tests skip, naming why). */
export const ALERTMANAGER_BIN = ["/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager", "/usr/local/bin/alertmanager"].find((p) => existsSync(p));
export const NO_ALERTMANAGER = "Alertmanager not installed (Debian package prometheus-alertmanager)";

export interface AlertmanagerProcess {
  url: string;
  /** The last 4000 characters of its stderr. */
  log(): string;
  stop(): Promise<void>;
}

/** Writes `config` to <dir>/alertmanager.yml, starts Alertmanager on it and waits for /-/ready. */
export async function startAlertmanager(dir: string, config: string): Promise<AlertmanagerProcess> {
  if (!ALERTMANAGER_BIN) throw new Error(NO_ALERTMANAGER);
  const file = join(dir, "alertmanager.yml");
  writeFileSync(file, config);
  const port = await freePort();
  let log = "";
  const proc: ChildProcess = spawn(
    ALERTMANAGER_BIN,
    [`--config.file=${file}`, `--storage.path=${join(dir, "am-data")}`, `--web.listen-address=127.0.0.1:${port}`, "--cluster.listen-address=", "--log.level=warn"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  proc.stderr!.on("data", (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`alertmanager exited ${proc.exitCode}: ${log}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`alertmanager not ready after 60 s: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, log: () => log, stop };
}
