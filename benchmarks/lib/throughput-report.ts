// Setup facts and the markdown table of benchmarks/client-throughput.ts.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "@zoosight/client";
import type { Ensemble } from "@zoosight/testkit";
import type { CellResult, ClientName, OpName } from "./cell.ts";
import { max, median, min } from "./stats.ts";

// ---------------------------------------------------------------- setup

export const BENCH_PATH = "/zoosight-bench";

export async function createNode(ensemble: Ensemble, size: number): Promise<string> {
  const client = await connect(ensemble.connectString, { timeoutMs: 30000 });
  try {
    const path = `${BENCH_PATH}/data`;
    const data = Buffer.alloc(size, 0x61);
    if (!(await client.exists(BENCH_PATH))) await client.create(BENCH_PATH);
    if (await client.exists(path)) await client.setData(path, data);
    else await client.create(path, data);
    return path;
  } finally {
    await client.close();
  }
}

export async function zookeeperVersion(ensemble: Ensemble): Promise<string> {
  const srvr = await ensemble.servers[0]!.fourLetterWord("srvr");
  // "Zookeeper version: 3.8.0-${mvngit.commit.id}, built on ..." (the Debian build has no commit id).
  const line = srvr.split("\n").find((l) => l.startsWith("Zookeeper version:")) ?? "";
  const version = /(\d+\.\d+\.\d+)/.exec(line)?.[1] ?? "unknown";
  // "zookeeper\t3.8.0-11+deb12u2"
  const debian = spawnSync("dpkg-query", ["-W", "zookeeper"], { encoding: "utf8" });
  const pkg = debian.status === 0 ? debian.stdout.trim().split("\t")[1] : undefined;
  return pkg ? `${version} (Debian package ${pkg})` : version;
}

/** "127.0.0.1:port" -> "s2 (leader)". */
export async function serverNames(ensemble: Ensemble): Promise<Map<string, string>> {
  const modes = await ensemble.modes(2000);
  return new Map(ensemble.servers.map((s) => [s.clientAddress, `s${s.id} ${modes.get(s.id) ?? "?"}`]));
}

/** "abc1234" or "abc1234 + uncommitted changes in packages/client". */
export function clientRevision(root: string): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "packages/client/src"], { cwd: root, encoding: "utf8" }).trim();
    return dirty ? `${head} + uncommitted changes in packages/client/src` : head;
  } catch {
    return "unknown";
  }
}

export function packageVersion(root: string, name: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

// ---------------------------------------------------------------- report

export interface CellSummary {
  client: ClientName;
  op: OpName;
  depth: number;
  runs: CellResult[];
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
export const fmtMb = (bytes: number) => (bytes / 1048576).toFixed(0);

function serversUsed(runs: readonly CellResult[], names: Map<string, string>): string {
  const counts = new Map<string, number>();
  for (const r of runs) {
    const name = names.get(r.server) ?? r.server;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([n, c]) => `${n}${runs.length > 1 ? ` ×${c}` : ""}`).join(", ");
}

/** Median replies per socket read, for runners that count reads (the floor). */
function repliesPerRead(runs: readonly CellResult[]): string {
  const per = runs.filter((r) => r.reads).map((r) => r.ops / r.reads!);
  return per.length ? median(per).toFixed(1) : "";
}

export function table(summaries: readonly CellSummary[], names: Map<string, string>): string {
  const out = [
    "| op | in flight | client | ops/s (median) | ops/s min–max | vs node-zookeeper-client | client CPU µs/op | peak RSS MB | replies per read | server (runs) |",
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const s of summaries) {
    const ops = s.runs.map((r) => r.opsPerSec);
    const peer = summaries.find((p) => p.client === "node-zookeeper-client" && p.op === s.op && p.depth === s.depth);
    const ratio = peer && s.client !== "node-zookeeper-client" ? `${(median(ops) / median(peer.runs.map((r) => r.opsPerSec))).toFixed(2)}×` : "";
    out.push(
      `| ${s.op} | ${s.depth} | ${s.client} | ${fmtInt(median(ops))} | ${fmtInt(min(ops))}–${fmtInt(max(ops))} | ${ratio} | ${median(s.runs.map((r) => r.cpuUsPerOp)).toFixed(1)} | ${fmtMb(median(s.runs.map((r) => r.peakRssBytes)))} | ${repliesPerRead(s.runs)} | ${serversUsed(s.runs, names)} |`,
    );
  }
  return out.join("\n");
}

