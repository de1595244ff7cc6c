import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Tsdb } from "../../src/tsdb/tsdb-store.ts";

const writer = fileURLToPath(new URL("./fixtures/crash-writer.ts", import.meta.url));

/** Starts the writer, waits for `flushes` flush lines, SIGKILLs it; returns the last flushed t. */
async function runAndKill(dir: string, flushes: number): Promise<number> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", writer, dir], { stdio: ["ignore", "pipe", "inherit"] });
  let last = -1;
  let seen = 0;
  const lines = createInterface({ input: child.stdout! });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  for await (const line of lines) {
    const m = /^flushed (\d+)$/.exec(line);
    if (m) {
      last = Number(m[1]);
      if (++seen >= flushes) {
        child.kill("SIGKILL");
        break;
      }
    }
  }
  assert.equal(await exited, "SIGKILL");
  return last;
}

describe("tsdb > crash safety", () => {
  it("keeps everything up to the last flush after SIGKILL during continuous writes, with no corrupt read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zoosight-crash-"));
    try {
      // two kill/restart rounds: the second starts from the first one's blocks and WAL
      let previous = -1;
      for (const flushes of [60, 40]) {
        const lastFlushed = await runAndKill(dir, flushes);
        assert.ok(lastFlushed > previous, `second run continued after the first (${lastFlushed} > ${previous})`);
        previous = lastFlushed;
        const warnings: string[] = [];
        const db = Tsdb.open({ dir, clock: { now: () => 0 }, blockRangeMs: 20_000, warn: (m) => warnings.push(m) });
        const series = db.select([{ name: "__name__", type: "=", value: "m" }], 0, Number.MAX_SAFE_INTEGER);
        assert.equal(series.length, 20);
        for (const s of series) {
          const k = Number(s.labels.i) + 1;
          // every scrape from 0 up to at least the last reported flush, each with its value
          assert.ok(s.samples.length >= lastFlushed / 1000 + 1, `series ${s.labels.i}: ${s.samples.length} samples, flushed up to ${lastFlushed}`);
          s.samples.forEach((x, j) => {
            assert.equal(x.t, j * 1000);
            assert.equal(x.v, (x.t / 1000) * k);
          });
        }
        db.close();
        if (flushes === 40) assert.ok(db.blocks.length > 0, "blocks were cut during the run");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
