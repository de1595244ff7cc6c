// Client throughput: @zoosight/client against node-zookeeper-client (and the
// official Java client when javac is on the PATH) on ONE real 3-server
// ensemble, pipelined getData and setData at several depths.
//
//   npm run bench:client [-- options]
//   node --conditions=source --import tsx benchmarks/client-throughput.ts [options]
//
// The parent starts the ensemble and creates the node; every run of every
// (client, op, depth) cell is a fresh child process so that CPU time and peak
// RSS belong to that client alone: plain `node` on an esbuild bundle of
// benchmarks/lib/throughput-cell.ts made from the current .ts sources at
// start (no TypeScript loader in the child), or `java` on
// benchmarks/lib/ZkThroughput.java compiled into a temp folder. Each cell: connect, `depth` workers each awaiting its next request,
// a warm-up, then a fixed-duration measured window. Reported: the median over
// the runs. Clients of one run are started one after the other, never at the same time.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEnsemble } from "@zoosight/testkit";
import { build } from "esbuild";
import { type CellResult, type CellSpec, type ClientName, type OpName, RESULT_MARKER } from "./lib/cell.ts";
import { profileTable, summarizeProfile } from "./lib/cpu-profile.ts";
import { writeSection } from "./lib/markdown-section.ts";
import { type CellSummary, clientRevision, createNode, fmtInt, fmtMb, packageVersion, serverNames, table, zookeeperVersion } from "./lib/throughput-report.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const ROOT = join(HERE, "..");
const CELL_SOURCE = join(HERE, "lib/throughput-cell.ts");
// Inside benchmarks/ so that the bundle's require("node-zookeeper-client") resolves.
const CELL_BUNDLE = join(HERE, "dist/bench-bundle/throughput-cell.mjs");
const FLOOR_SOURCE = join(HERE, "lib/throughput-floor.ts");
const FLOOR_BUNDLE = join(HERE, "dist/bench-bundle/throughput-floor.mjs");
const JAVA_SOURCE = join(HERE, "lib/ZkThroughput.java");
const JAVA_DIR = "/usr/share/java";
const DOC = join(ROOT, "docs/benchmarks.md");
const HEADING = "## Client throughput";
const ALL_CLIENTS: ClientName[] = ["zoosight", "node-zookeeper-client", "java", "floor"];

const USAGE = `usage: npm run bench:client -- [options]
  --runs N            runs per cell, median reported (default 5)
  --depths LIST       requests in flight (default 1,100,1000)
  --ops LIST          getData,setData (default both)
  --clients LIST      zoosight,node-zookeeper-client,java,floor (default all; java skipped without javac;
                      floor: lib/throughput-floor.ts, a raw-socket loop, the CPU floor of any Node.js client)
  --size BYTES        data size of the node (default 100)
  --warmup-ms MS      warm-up per cell before measuring (default 1500)
  --duration-ms MS    measured window per cell (default 3000)
  --server ID         give every client only server ID's address (1-3) instead of
                      all three, to compare clients on the same server
  --no-write          do not update docs/benchmarks.md
  --profile C:OP:D    run only that cell once under node --cpu-prof and print the
                      top self-time functions (e.g. zoosight:getData:1000)
  --help`;

interface Options {
  runs: number;
  depths: number[];
  ops: OpName[];
  clients: ClientName[];
  size: number;
  warmupMs: number;
  durationMs: number;
  write: boolean;
  server?: number;
  profile?: { client: ClientName; op: OpName; depth: number };
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    runs: 5,
    depths: [1, 100, 1000],
    ops: ["getData", "setData"],
    clients: [...ALL_CLIENTS],
    size: 100,
    warmupMs: 1500,
    durationMs: 3000,
    write: true,
  };
  const int = (flag: string, v: string | undefined, lo: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < lo) throw new UsageError(`${flag} needs an integer >= ${lo}, got ${v ?? "nothing"}`);
    return n;
  };
  const list = <T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T[] => {
    const items = (v ?? "").split(",").filter(Boolean);
    const bad = items.find((x) => !allowed.includes(x as T));
    if (items.length === 0 || bad !== undefined) throw new UsageError(`${flag}: expected a comma-separated subset of ${allowed.join(",")}, got ${v ?? "nothing"}`);
    return items as T[];
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const next = () => argv[++i];
    switch (flag) {
      case "--runs":
        o.runs = int(flag, next(), 1);
        break;
      case "--depths":
        o.depths = (next() ?? "").split(",").map((d) => int(flag, d, 1));
        break;
      case "--ops":
        o.ops = list(flag, next(), ["getData", "setData"] as const);
        break;
      case "--clients":
        o.clients = list(flag, next(), ALL_CLIENTS);
        break;
      case "--size":
        o.size = int(flag, next(), 0);
        break;
      case "--warmup-ms":
        o.warmupMs = int(flag, next(), 0);
        break;
      case "--duration-ms":
        o.durationMs = int(flag, next(), 100);
        break;
      case "--server":
        o.server = int(flag, next(), 1);
        if (o.server > 3) throw new UsageError(`--server needs 1, 2 or 3, got ${o.server}`);
        break;
      case "--no-write":
        o.write = false;
        break;
      case "--profile": {
        const v = next() ?? "";
        const [client, op, depth] = v.split(":");
        o.profile = {
          client: list(flag, client, ["zoosight", "node-zookeeper-client"] as const)[0]!,
          op: list(flag, op, ["getData", "setData"] as const)[0]!,
          depth: int(flag, depth, 1),
        };
        break;
      }
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return o;
}

// ---------------------------------------------------------------- children

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

interface ChildOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runChild(cmd: string, args: string[], timeoutMs: number): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      children.delete(child);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

function parseResult(out: ChildOutput, what: string): CellResult {
  const line = out.stdout.split("\n").find((l) => l.startsWith(RESULT_MARKER));
  if (out.code !== 0 || !line) {
    throw new Error(`${what}: child exited with ${out.code}\n${out.stderr.trim() || out.stdout.trim()}`);
  }
  return JSON.parse(line.slice(RESULT_MARKER.length)) as CellResult;
}

// ---------------------------------------------------------------- java

interface JavaSetup {
  classDir: string;
  classPath: string;
  version: string;
}

function setUpJava(): JavaSetup | string {
  const jar = `${JAVA_DIR}/zookeeper.jar`;
  if (!existsSync(jar)) return `${jar} not found`;
  try {
    execFileSync("javac", ["-version"], { stdio: "ignore" });
  } catch {
    return "javac not found (apt-get install -y openjdk-17-jdk-headless)";
  }
  const classDir = mkdtempSync(join(tmpdir(), "zoosight-bench-java-"));
  process.on("exit", () => rmSync(classDir, { recursive: true, force: true }));
  try {
    execFileSync("javac", ["-nowarn", "-cp", jar, "-d", classDir, JAVA_SOURCE], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    return `javac failed: ${(err as { stderr?: Buffer }).stderr?.toString().trim() ?? String(err)}`;
  }
  const binding = existsSync(`${JAVA_DIR}/slf4j-nop.jar`) ? [`${JAVA_DIR}/slf4j-nop.jar`] : [];
  // `java -version` writes to stderr.
  const version = spawnSync("java", ["-version"], { encoding: "utf8" }).stderr.trim().split("\n")[0] ?? "?";
  return { classDir, classPath: [classDir, jar, ...binding].join(":"), version };
}

// ---------------------------------------------------------------- bundle

/** Bundles the child runner and @zoosight/client (its .ts sources, as they are now) into one .mjs with a source map. */
async function bundleCell(): Promise<void> {
  mkdirSync(dirname(CELL_BUNDLE), { recursive: true });
  await build({
    entryPoints: [CELL_SOURCE],
    outfile: CELL_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["source"],
    external: ["node-zookeeper-client"],
    sourcemap: "linked",
    logLevel: "warning",
  });
  await build({ entryPoints: [FLOOR_SOURCE], outfile: FLOOR_BUNDLE, bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning" });
}

// ---------------------------------------------------------------- cells

function cellTimeout(spec: CellSpec): number {
  return spec.warmupMs + spec.durationMs + 90000;
}

async function runCell(spec: CellSpec, java: JavaSetup | undefined): Promise<CellResult> {
  const what = `${spec.client} ${spec.op} depth ${spec.depth}`;
  if (spec.client === "java") {
    if (!java) throw new Error("java is not set up");
    const args = ["-cp", java.classPath, "ZkThroughput", spec.connectString, spec.path, spec.op, String(spec.depth), String(spec.size), String(spec.warmupMs), String(spec.durationMs)];
    return parseResult(await runChild("java", args, cellTimeout(spec)), what);
  }
  const bundle = spec.client === "floor" ? FLOOR_BUNDLE : CELL_BUNDLE;
  return parseResult(await runChild(process.execPath, [bundle, JSON.stringify(spec)], cellTimeout(spec)), what);
}

/** Peak RSS of a child that loads the runner and both Node.js clients' code and does nothing else. */
async function baselineRss(): Promise<number> {
  const out = await runChild(process.execPath, [CELL_BUNDLE, "--baseline"], 60000);
  if (out.code !== 0) throw new Error(`baseline child failed: ${out.stderr}`);
  return Number(out.stdout.trim());
}

// ---------------------------------------------------------------- main

async function profileCell(o: Options, connectString: string, path: string): Promise<void> {
  const p = o.profile!;
  const dir = mkdtempSync(join(tmpdir(), "zoosight-bench-prof-"));
  const spec: CellSpec = { ...p, connectString, path, size: o.size, warmupMs: o.warmupMs, durationMs: o.durationMs };
  const out = await runChild(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, CELL_BUNDLE, JSON.stringify(spec)], cellTimeout(spec));
  const result = parseResult(out, `profile ${p.client} ${p.op} ${p.depth}`);
  const profile = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!profile) throw new Error(`no .cpuprofile written in ${dir}`);
  const summary = summarizeProfile(join(dir, profile), ROOT, 15);
  process.stdout.write(
    `${p.client} ${p.op} depth ${p.depth} under --cpu-prof: ${fmtInt(result.opsPerSec)} ops/s, ${result.cpuUsPerOp.toFixed(1)} µs CPU/op (profiling adds overhead)\n` +
      `profile: ${join(dir, profile)}\n` +
      `sampled ${fmtInt(summary.sampledMs)} ms (whole child: start, connect, warm-up, window, drain), idle ${fmtInt(summary.idleMs)} ms; "% of busy" is of the other ${fmtInt(summary.sampledMs - summary.idleMs)} ms\n\n` +
      `Top ${summary.self.length} functions by self time:\n\n${profileTable(summary.self, "self")}\n\n` +
      `Top ${summary.inclusive.length} @zoosight/client functions by total time (self + callees):\n\n${profileTable(summary.inclusive, "total")}\n`,
  );
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const load = loadavg();
  if (load[0]! > availableParallelism()) {
    process.stderr.write(`note: load average ${load[0]!.toFixed(1)} on ${availableParallelism()} CPUs; other work will add noise\n`);
  }
  const revision = clientRevision(ROOT);
  await bundleCell();
  let java: JavaSetup | undefined;
  let javaNote = "";
  if (!o.profile && o.clients.includes("java")) {
    const setup = setUpJava();
    if (typeof setup === "string") {
      javaNote = `Java client skipped: ${setup}.`;
      process.stderr.write(`${javaNote}\n`);
      o.clients = o.clients.filter((c) => c !== "java");
    } else {
      java = setup;
    }
  }

  process.stderr.write("starting a 3-server ZooKeeper ensemble...\n");
  const ensemble = await startEnsemble({ servers: 3, name: "bench-client" });
  const onSignal = () => {
    for (const c of children) c.kill("SIGKILL");
    void ensemble.close().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const connectString = o.server ? ensemble.server(o.server).clientAddress : ensemble.connectString;
  try {
    const path = await createNode(ensemble, o.size);
    if (o.profile) {
      await profileCell(o, connectString, path);
      return;
    }
    const zkVersion = await zookeeperVersion(ensemble);
    const names = await serverNames(ensemble);
    process.stderr.write(`ensemble ${ensemble.connectString} (${[...names.values()].join(", ")}), ZooKeeper ${zkVersion}\n`);
    const baseline = await baselineRss();

    const summaries: CellSummary[] = [];
    for (const op of o.ops) for (const depth of o.depths) for (const client of o.clients) summaries.push({ client, op, depth, runs: [] });
    const started = Date.now();
    for (let run = 0; run < o.runs; run++) {
      for (const op of o.ops) {
        for (const depth of o.depths) {
          // Rotate the client order from run to run so no client always goes first.
          const order = o.clients.map((_, i) => o.clients[(i + run) % o.clients.length]!);
          for (const client of order) {
            const spec: CellSpec = { client, op, depth, connectString, path, size: o.size, warmupMs: o.warmupMs, durationMs: o.durationMs };
            const r = await runCell(spec, java);
            summaries.find((s) => s.client === client && s.op === op && s.depth === depth)!.runs.push(r);
            process.stderr.write(
              `run ${run + 1}/${o.runs} ${op} depth ${depth} ${client}: ${fmtInt(r.opsPerSec)} ops/s, ${r.cpuUsPerOp.toFixed(1)} µs/op, ${fmtMb(r.peakRssBytes)} MB, ${names.get(r.server) ?? r.server}\n`,
            );
          }
        }
      }
    }
    const minutes = ((Date.now() - started) / 60000).toFixed(1);
    const modesAfter = await serverNames(ensemble);
    const result = table(summaries, names);
    process.stdout.write(`\n${result}\n`);

    if (o.write) {
      const args = process.argv.slice(2).join(" ");
      const body = [
        `Reproduce: \`npm run bench:client${args ? ` -- ${args}` : ""}\` (that is \`node --conditions=source --import tsx benchmarks/client-throughput.ts${args ? ` ${args}` : ""}\`).`,
        "",
        `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${availableParallelism()} CPUs (\`nproc\`, ${cpus()[0]?.model.trim() ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` +
          `load average ${load.map((l) => l.toFixed(2)).join(" ")} at start, ${loadavg().map((l) => l.toFixed(2)).join(" ")} at end; @zoosight/client at ${revision}; Node ${process.version}; ZooKeeper ${zkVersion}, 3 servers started by @zoosight/testkit on this machine; ` +
          `node-zookeeper-client ${packageVersion(ROOT, "node-zookeeper-client")}${java ? `; Java client: the same ZooKeeper jar on ${java.version}` : ""}. ${o.runs} runs, ${minutes} min.`,
        "",
        result,
        "",
        "Method:",
        o.server
          ? `- One 3-server ensemble for the whole run; every client gets only the address of server s${o.server} (\`--server ${o.server}\`); reads are served by that server, writes go through the leader.`
          : `- One 3-server ensemble for the whole run; every client gets the connect string of all three servers and picks one itself (last column: which server, its mode, and in how many runs; reads are served by that server, writes go through the leader, so which server a client lands on moves its numbers).`,
        `- Each run of each cell is a fresh child process, so CPU and RSS belong to one client: for the Node.js clients plain \`node\` (no flags, no TypeScript loader) on an esbuild bundle of \`benchmarks/lib/throughput-cell.ts\` and the current @zoosight/client sources, made at start; for Java \`benchmarks/lib/ZkThroughput.java\` compiled with javac at start. Runs are interleaved: run 1 of every cell, then run 2, ...; the client order rotates each run.`,
        `- "In flight" N: N async workers, each awaiting its own next request (Java: N callback chains, each AsyncCallback issuing the next request). One node of ${o.size} bytes, getData of it or setData of ${o.size} bytes (version -1) to it.`,
        `- Per cell: connect, ${o.warmupMs} ms warm-up with the workers already running, then a ${o.durationMs} ms measured window (the workers never pause between the two). ops/s and client CPU µs/op (process user+sys over the window / ops) are from that window; peak RSS is the child's maxRSS over its whole life (Java: VmHWM). Table: median of ${o.runs} runs (ops/s also min–max).`,
        `- node-zookeeper-client is callback-based; each call is wrapped in one Promise so its workers await like zoosight's.`,
        `- "floor" is no client: \`benchmarks/lib/throughput-floor.ts\` keeps N requests in flight on a raw socket (hand-encoded handshake, one request template with its xid patched, replies matched by xid and not decoded, no promises, reads into one reused buffer, one write per read carrying as many new requests as replies came in). Its CPU per op is what a Node.js process pays for the wake-ups, reads and writes alone at the server's reply pacing; "replies per read" is that pacing.`,
        `- Peak RSS includes Node itself: the same child loading both client libraries and doing nothing else peaks at ${fmtMb(baseline)} MB. Java runs with default JVM flags (its CPU includes JIT and GC threads).`,
        `- Client, servers and the benchmark share the same ${availableParallelism()} CPUs, so ops/s at depth ≥ 100 is bounded by the servers as much as by the client; client CPU µs/op is the client-side cost. Other work on the machine during the run adds noise (see min–max).`,
        `- Server modes at start: ${[...names.values()].join(", ")}; at end: ${[...modesAfter.values()].join(", ")}.`,
        javaNote ? `- ${javaNote}` : "",
        "",
        "CPU profile of one cell: `npm run bench:client -- --profile zoosight:getData:1000` (top self-time functions, mapped to .ts lines).",
      ]
        .filter((l, i, all) => l !== "" || all[i - 1] !== "")
        .join("\n");
      writeSection(DOC, HEADING, body);
      process.stderr.write(`wrote ${HEADING} in ${DOC}\n`);
    }
  } finally {
    await ensemble.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`client-throughput: ${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`client-throughput: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
