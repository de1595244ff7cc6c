// Child process: runs one (client, op, depth) cell and prints one result line.
// The parent (benchmarks/client-throughput.ts) bundles this file with esbuild
// (from the current .ts sources, @zoosight/client included) and starts
//   node benchmarks/dist/bench-bundle/throughput-cell.mjs '<CellSpec JSON>'
// once per run, so CPU and peak RSS belong to one client alone and include no
// TypeScript loader. It also runs directly:
//   node --conditions=source --import tsx benchmarks/lib/throughput-cell.ts '<CellSpec JSON>'
// With the single argument --baseline it loads both clients' code, prints its
// peak RSS in bytes and exits.
import { setTimeout as sleep } from "node:timers/promises";
import { type CellResult, type CellSpec, RESULT_MARKER } from "./cell.ts";
import { type BenchClient, loadNodeZookeeperClient, nodeZookeeperClient, zoosightClient } from "./clients.ts";

async function open(spec: CellSpec): Promise<BenchClient> {
  if (spec.client === "zoosight") return zoosightClient(spec.connectString);
  if (spec.client === "node-zookeeper-client") return nodeZookeeperClient(spec.connectString);
  throw new Error(`throughput-cell: client ${spec.client} does not run in Node.js`);
}

async function runCell(spec: CellSpec): Promise<CellResult> {
  const client = await open(spec);
  const payload = Buffer.alloc(spec.size, 0x61);
  const op = spec.op === "getData" ? () => client.getData(spec.path) : () => client.setData(spec.path, payload);

  let done = 0;
  let errors = 0;
  let firstError: unknown;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      try {
        await op();
        done++;
      } catch (err) {
        errors++;
        firstError ??= err;
      }
    }
  };
  const workers = Array.from({ length: spec.depth }, worker);

  // The workers never pause: the measured window is a slice of a steady stream.
  await sleep(spec.warmupMs);
  const ops0 = done;
  const errors0 = errors;
  const cpu0 = process.cpuUsage();
  const switches0 = process.resourceUsage().voluntaryContextSwitches;
  const t0 = performance.now();
  await sleep(spec.durationMs);
  const ops1 = done;
  const cpu1 = process.cpuUsage(cpu0);
  const wakeups = process.resourceUsage().voluntaryContextSwitches - switches0;
  const elapsedMs = performance.now() - t0;
  const errors1 = errors;
  stop = true;
  await Promise.all(workers);
  const server = client.server();
  await client.close();
  if (errors1 > errors0) throw new Error(`${errors1 - errors0} ${spec.op} failed, first: ${String(firstError)}`);

  const ops = ops1 - ops0;
  return {
    client: spec.client,
    op: spec.op,
    depth: spec.depth,
    ops,
    elapsedMs,
    opsPerSec: (ops * 1000) / elapsedMs,
    cpuUsPerOp: (cpu1.user + cpu1.system) / ops,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    server,
    errors: errors1 - errors0,
    wakeups,
  };
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (!arg) throw new Error("usage: throughput-cell.ts '<CellSpec JSON>' | --baseline");
  if (arg === "--baseline") {
    loadNodeZookeeperClient();
    process.stdout.write(`${process.resourceUsage().maxRSS * 1024}\n`);
    return;
  }
  const spec = JSON.parse(arg) as CellSpec;
  const result = await runCell(spec);
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`throughput-cell: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
