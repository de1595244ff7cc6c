// Child process of collector-scale.ts: N fake ZooKeeper servers (four-letter words) on
// 127.0.0.1 answering with output captured from a real ZooKeeper 3.8 follower; some hung
// (accept, never answer), some slow (a byte a second), some dead (nothing listens).
// Prints one JSON line {healthy, hung, slow, dead} (ports) and runs until stdin closes.
import { readFileSync } from "node:fs";
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

const [total = 1000, hungShare = 0.02, slowShare = 0.02, deadShare = 0.03] = process.argv.slice(2).map(Number);
const counts = {
  hung: Math.round(total * hungShare),
  slow: Math.round(total * slowShare),
  dead: Math.round(total * deadShare),
};
const healthyCount = total - counts.hung - counts.slow - counts.dead;

function listen(kind: "healthy" | "hung" | "slow"): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    socket.once("data", (d) => {
      const cmd = d.toString("latin1", 0, 4);
      if (kind === "healthy") socket.end(ANSWERS[cmd] ?? `${cmd} is not executed because it is not in the whitelist.\n`);
      else if (kind === "slow") {
        const text = ANSWERS[cmd] ?? "";
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
      // hung: never answer; the client gives up at its deadline
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
}

async function deadPort(): Promise<number> {
  const s = net.createServer();
  const port = await new Promise<number>((r) => s.listen(0, "127.0.0.1", () => r((s.address() as net.AddressInfo).port)));
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const out = { healthy: [] as number[], hung: [] as number[], slow: [] as number[], dead: [] as number[] };
for (let i = 0; i < healthyCount; i++) out.healthy.push(await listen("healthy"));
for (let i = 0; i < counts.hung; i++) out.hung.push(await listen("hung"));
for (let i = 0; i < counts.slow; i++) out.slow.push(await listen("slow"));
for (let i = 0; i < counts.dead; i++) out.dead.push(await deadPort());
process.stdout.write(`${JSON.stringify(out)}\n`);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
