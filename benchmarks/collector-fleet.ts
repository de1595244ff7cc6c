// Child process of collector-scale.ts: N fake ZooKeeper servers on 127.0.0.1 answering with
// output captured from a real ZooKeeper 3.8 follower; some hung (accept, never answer), some slow
// (a byte a second), some dead (nothing listens).
//   collector-fleet.ts <total> [hungShare slowShare deadShare] [4lw|admin]
// "admin": every server also has an AdminServer port (HTTP/1.1 with keep-alive, as Jetty), which
// misbehaves as its client port does (hung, slow, dead).
// Prints one JSON line {healthy, hung, slow, dead, admin} (client ports; admin: client port →
// AdminServer port) and runs until stdin closes.
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = join(fileURLToPath(new URL(".", import.meta.url)), "../packages/server/test/fixtures/zk-3.8");
const read = (f: string) => readFileSync(join(FIXTURES, f), "utf8");
const ANSWERS: Record<string, string> = {
  mntr: read("follower-mntr.txt"),
  srvr: read("follower-srvr.txt"),
  conf: read("quorum-conf.txt"),
  envi: read("standalone-envi.txt"),
  cons: read("standalone-cons.txt"),
  wchs: read("standalone-wchs.txt"),
  ruok: "imok",
  isro: "rw",
};

// server_stats of the same follower: the standalone capture with follower-srvr.txt's figures.
const stats = JSON.parse(read("standalone-admin-server_stats.json"));
Object.assign(stats.server_stats, {
  server_state: "follower",
  packets_received: 2,
  packets_sent: 3,
  num_alive_client_connections: 1,
  outstanding_requests: 0,
  last_processed_zxid: 0,
  min_latency: 0,
  avg_latency: 0.0,
  max_latency: 0,
});
stats.node_count = 5;
const ADMIN: Record<string, string> = {
  monitor: read("follower-admin-monitor.json"),
  server_stats: JSON.stringify(stats, null, 2),
  voting_view: read("follower-admin-voting_view.json"),
  zabstate: read("follower-admin-zabstate.json"),
  leader: read("follower-admin-leader.json"),
  watch_summary: read("standalone-admin-watch_summary.json"),
  configuration: read("standalone-admin-configuration.json"),
  connections: read("standalone-admin-connections.json"),
  environment: read("standalone-admin-environment.json"),
  is_read_only: read("standalone-admin-is_read_only.json"),
};

const argv = process.argv.slice(2);
const withAdmin = argv.at(-1) === "admin";
const numbers = argv.filter((a) => a !== "admin" && a !== "4lw").map(Number);
const [total = 1000, hungShare = 0.02, slowShare = 0.02, deadShare = 0.03] = numbers;
const counts = {
  hung: Math.round(total * hungShare),
  slow: Math.round(total * slowShare),
  dead: Math.round(total * deadShare),
};
const healthyCount = total - counts.hung - counts.slow - counts.dead;
type Kind = "healthy" | "hung" | "slow";

function drip(socket: net.Socket, text: string): void {
  let i = 0;
  const t = setInterval(() => {
    if (socket.destroyed || i >= text.length) {
      clearInterval(t);
      socket.destroy();
      return;
    }
    socket.write(text[i++]!);
  }, 1000);
  socket.once("close", () => clearInterval(t));
}

function listening(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
}

function listen(kind: Kind): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    socket.once("data", (d) => {
      const cmd = d.toString("latin1", 0, 4);
      if (kind === "healthy") socket.end(ANSWERS[cmd] ?? `${cmd} is not executed because it is not in the whitelist.\n`);
      else if (kind === "slow") drip(socket, ANSWERS[cmd] ?? "");
      // hung: never answer; the client gives up at its deadline
    });
  });
  return listening(server);
}

/** An AdminServer: Jetty keeps connections alive (idle timeout 30 s) and sends Content-Length. */
function listenAdmin(kind: Kind): Promise<number> {
  if (kind !== "healthy") {
    const server = net.createServer((socket) => {
      socket.on("error", () => {});
      socket.once("data", () => {
        if (kind === "slow") drip(socket, `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${ADMIN.monitor!.length}\r\n\r\n${ADMIN.monitor}`);
      });
    });
    return listening(server);
  }
  const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    const name = (req.url ?? "").replace(/^\/commands\//, "");
    const body = ADMIN[name] ?? `{\n  "command" : "${name}",\n  "error" : "Command not found: ${name}"\n}`;
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  return listening(server);
}

async function deadPort(): Promise<number> {
  const s = net.createServer();
  const port = await listening(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const out = { healthy: [] as number[], hung: [] as number[], slow: [] as number[], dead: [] as number[], admin: {} as Record<number, number> };
for (const [kind, n] of [["healthy", healthyCount], ["hung", counts.hung], ["slow", counts.slow]] as const) {
  for (let i = 0; i < n; i++) {
    const port = await listen(kind);
    out[kind].push(port);
    if (withAdmin) out.admin[port] = await listenAdmin(kind);
  }
}
for (let i = 0; i < counts.dead; i++) {
  const port = await deadPort();
  out.dead.push(port);
  if (withAdmin) out.admin[port] = await deadPort();
}
process.stdout.write(`${JSON.stringify(out)}\n`);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
