// CPU per AdminServer request, three clients alternating in one process against the fake fleet's
// keep-alive AdminServers (collector-fleet.ts, another process):
//   own   zoosight's AdminClient (one pipelined keep-alive connection per server, over net)
//   agent node:http with one keep-alive http.Agent per server (maxSockets 1)
//   close node:http, agent: false + connection: close (a connection per request; zoosight before)
// Each batch: every server asked monitor + server_stats (as a scrape), `--servers` at once,
// `--rounds` times; the answers are only JSON.parsed, so the transports alone are compared.
//   node --conditions=source --import tsx benchmarks/collector-admin-ab.ts [--servers 50] [--rounds 30] [--batches 6]
import { spawn } from "node:child_process";
import http from "node:http";
import { loadavg } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { AdminClient, interpretAdminReply } from "zoosight";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}
const SERVERS = arg("servers", 50);
const ROUNDS = arg("rounds", 30);
const BATCHES = arg("batches", 6);
const LIMITS = { connectTimeoutMs: 1000, totalTimeoutMs: 2000, maxBytes: 4 * 1024 * 1024 };
const HERE = fileURLToPath(new URL(".", import.meta.url));

const fleet = spawn(process.execPath, ["--conditions=source", "--import", "tsx", join(HERE, "collector-fleet.ts"), String(SERVERS), "0", "0", "0", "admin"], {
  stdio: ["pipe", "pipe", "inherit"],
});
const line = await new Promise<string>((resolve) => createInterface({ input: fleet.stdout! }).once("line", resolve));
const ports = Object.values((JSON.parse(line) as { admin: Record<string, number> }).admin);

function viaHttp(port: number, command: string, agent: http.Agent | false): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: `/commands/${command}`, agent, headers: agent ? {} : { connection: "close" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.once("end", () => {
        const ctx = { server: `127.0.0.1:${port}`, source: `admin:${command}` };
        resolve(interpretAdminReply(res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8"), command, ctx));
      });
    });
    req.once("error", reject);
  });
}

const own = new AdminClient();
const agents = new Map(ports.map((p) => [p, new http.Agent({ keepAlive: true, maxSockets: 1 })]));
const clients: Record<string, (port: number, command: string) => Promise<unknown>> = {
  own: (port, command) => own.request({ host: "127.0.0.1", port }, command, LIMITS),
  agent: (port, command) => viaHttp(port, command, agents.get(port)!),
  close: (port, command) => viaHttp(port, command, false),
};

async function batch(ask: (port: number, command: string) => Promise<unknown>): Promise<number> {
  const t0 = process.cpuUsage();
  for (let r = 0; r < ROUNDS; r++) await Promise.all(ports.map((p) => Promise.all([ask(p, "monitor"), ask(p, "server_stats")])));
  const c = process.cpuUsage(t0);
  return (c.user + c.system) / (ROUNDS * ports.length * 2);
}

const load0 = loadavg()[0]!;
for (const ask of Object.values(clients)) await batch(ask); // warm-up: connections, JIT
const results: Record<string, number[]> = { own: [], agent: [], close: [] };
for (let b = 0; b < BATCHES; b++) for (const [name, ask] of Object.entries(clients)) results[name]!.push(await batch(ask));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`load ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}; µs of CPU per request (monitor + server_stats, ${ports.length} servers at once):`);
for (const [name, xs] of Object.entries(results)) console.log(`  ${name.padEnd(6)} median ${median(xs).toFixed(1)}  (${xs.map((x) => x.toFixed(0)).join(", ")})`);
own.close();
for (const a of agents.values()) a.destroy();
fleet.stdin!.end();
