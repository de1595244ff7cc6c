// The floor under benchmarks/collector-scale.ts: the bare four-letter requests (connect, write the
// word, read to the end, destroy; no parsing, no deadlines, no health model, no zoosight code) at
// the collector's pace: `--servers` healthy servers × mntr + srvr every 5 s, started a group of
// servers every 25 ms as the collector starts its ensembles, against a fake server in a child
// process answering with the 3.8 follower fixtures. No detail words (collector-scale.ts's measured
// window has no detail cycle either).
//
//   node --conditions=source --import tsx benchmarks/collector-floor.ts [--servers 930] [--seconds 45] [--transport]
//
// `--transport`: the same requests through zoosight's transport (fourLetterWord for srvr,
// fourLetterParse with the mntr parser for mntr, deadlines 1 s / 2 s) instead of bare sockets:
// what the transport and the parsing add, without the scraper, collector and health model.
import { spawn } from "node:child_process";
import net from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MonitorLayout } from "zoosight";
import { fourLetterParse, fourLetterWord, parseMntrBytes, parseSrvr } from "zoosight";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}
const SERVERS = arg("servers", 930);
const SECONDS = arg("seconds", 45);
const GROUPS = 200; // one start every 25 ms of a 5 s interval
const FIXTURES = join(fileURLToPath(new URL(".", import.meta.url)), "../packages/server/test/fixtures/zk-3.8");

const fake = spawn(
  process.execPath,
  [
    "-e",
    `const net = require("node:net"), fs = require("node:fs"), path = require("node:path");
     const A = { mntr: fs.readFileSync(path.join(${JSON.stringify(FIXTURES)}, "follower-mntr.txt")), srvr: fs.readFileSync(path.join(${JSON.stringify(FIXTURES)}, "follower-srvr.txt")) };
     const s = net.createServer((c) => { c.on("error", () => {}); c.once("data", (d) => c.end(A[d.toString("latin1", 0, 4)] ?? "")); });
     s.listen(0, "127.0.0.1", () => console.log(s.address().port));
     process.stdin.resume(); process.stdin.on("end", () => process.exit(0));`,
  ],
  { stdio: ["pipe", "pipe", "inherit"] },
);
const port = await new Promise<number>((resolve) => fake.stdout!.once("data", (d) => resolve(Number(String(d)))));
const WORDS = [Buffer.from("mntr"), Buffer.from("srvr")];
const TRANSPORT = process.argv.includes("--transport");
const LIMITS = { connectTimeoutMs: 1000, totalTimeoutMs: 2000, maxBytes: 4 * 1024 * 1024 };
let layout: MonitorLayout | undefined;
const parseMntr = (b: Buffer) => {
  layout = parseMntrBytes(b, layout).values.layout;
};
const ignore = () => {};

function request(word: Buffer): void {
  if (TRANSPORT) {
    const target = { host: "127.0.0.1", port };
    if (word === WORDS[0]) fourLetterParse(target, "mntr", LIMITS, parseMntr).catch(ignore);
    else fourLetterWord(target, "srvr", LIMITS).then(parseSrvr, ignore);
    return;
  }
  const s = net.connect({ host: "127.0.0.1", port, allowHalfOpen: true });
  s.on("connect", () => s.write(word));
  s.on("data", () => {});
  s.on("error", () => {});
  s.on("end", () => s.destroy());
}

// Measured after the first interval, as collector-scale.ts measures after the first cycle.
let tick = 0;
let cpu0 = process.cpuUsage();
let t0 = performance.now();
const started = performance.now();
await new Promise<void>((done) => {
  const timer = setInterval(() => {
    const group = tick % GROUPS;
    const servers = Math.floor(((group + 1) * SERVERS) / GROUPS) - Math.floor((group * SERVERS) / GROUPS);
    for (let i = 0; i < servers; i++) for (const w of WORDS) request(w);
    if (++tick === GROUPS) {
      cpu0 = process.cpuUsage();
      t0 = performance.now();
    }
    if (performance.now() - started > (SECONDS + 5) * 1000) {
      clearInterval(timer);
      done();
    }
  }, 25);
});
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - t0;
const pct = (us: number) => Math.round((us / 1000 / wallMs) * 1000) / 10;
console.log(JSON.stringify({ transport: TRANSPORT ? "zoosight" : "bare", servers: SERVERS, measuredSeconds: Math.round(wallMs / 100) / 10, cpuPercentOfOneCore: pct(cpu.user + cpu.system), cpuUserPercent: pct(cpu.user), cpuSystemPercent: pct(cpu.system) }));
fake.stdin!.end();
process.exit(0);
