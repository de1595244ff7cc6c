// Nothing outlives a test: close() cleans up, and so does the death of the
// test process itself, by exit or by SIGKILL.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { startEnsemble } from "../src/index.ts";
import { poll } from "../src/wait.ts";
import { alive, processesMentioning } from "./proc.ts";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, "fixtures", "hold-ensemble.ts");

interface Held {
  dir: string;
  pids: number[];
}

/** Starts the fixture, resolves once it printed its ensemble. */
function hold(how: "wait" | "return", servers: number) {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", fixture, how, String(servers)], {
    cwd: here,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const held = new Promise<Held>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!) as Held);
    });
    child.on("exit", (code) => reject(new Error(`fixture exited (${code}) before starting: ${stderr}`)));
  });
  return { child, held, exited };
}

async function assertGone(held: Held, withinMs: number): Promise<void> {
  const gone = await poll(async () => (held.pids.every((p) => !alive(p)) && !existsSync(held.dir) ? true : undefined), withinMs, 100);
  assert.equal(gone, true, `after ${withinMs} ms: pids alive ${held.pids.filter(alive)}, dir exists ${existsSync(held.dir)}`);
  assert.deepEqual(processesMentioning(held.dir), []);
}

describe("cleanup", () => {
  it("close() kills every server and removes the folder, and can be called again", async () => {
    const zk = await startEnsemble({ servers: 1, name: "close" });
    const pids = zk.servers.map((s) => s.pid!);
    assert.ok(pids.every(alive));
    assert.deepEqual(processesMentioning(zk.dir).sort(), [...pids].sort());
    await Promise.all([zk.close(), zk.close()]);
    await zk.close();
    assert.ok(pids.every((p) => !alive(p)));
    assert.equal(existsSync(zk.dir), false);
    assert.deepEqual(processesMentioning(zk.dir), []);
    assert.equal(zk.server(1).state, "stopped");
  });

  it("a SIGKILLed test process leaves no servers behind", async () => {
    const { child, held } = hold("wait", 3);
    const ensemble = await held;
    assert.equal(ensemble.pids.length, 3);
    assert.ok(ensemble.pids.every(alive));
    child.kill("SIGKILL");
    // The watchdog reacts at once (its pipe closes); 5 s leaves room for a loaded machine.
    await assertGone(ensemble, 5000);
  });

  it("a test process that ends without close() ends anyway and takes its servers along", async () => {
    const { held, exited } = hold("return", 1);
    const ensemble = await held;
    // Unref'd servers do not keep it alive; its exit handler kills them.
    assert.equal(await exited, 0);
    await assertGone(ensemble, 2000);
  });
});
