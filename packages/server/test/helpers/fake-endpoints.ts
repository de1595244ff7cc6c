// In-process fake endpoints for faults a real ZooKeeper cannot produce on demand.
import http from "node:http";
import net from "node:net";

export type FakeBehaviour =
  | { kind: "reply"; text: string | Buffer }
  | { kind: "drip"; text: string; everyMs: number }
  | { kind: "silent" }
  | { kind: "huge"; bytes: number };

export interface FakeServer {
  port: number;
  /** Connections currently open on the server side. */
  openConnections(): number;
  close(): Promise<void>;
}

/** A TCP server answering each four-letter word with `behave(cmd)`. */
export async function fakeFourLetterServer(behave: (cmd: string) => FakeBehaviour): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buf = "";
    socket.on("data", (d) => {
      buf += d.toString("latin1");
      if (buf.length < 4) return;
      const b = behave(buf.slice(0, 4));
      buf = "\u0000\u0000\u0000\u0000\u0000"; // ignore anything later
      if (b.kind === "reply") socket.end(b.text);
      else if (b.kind === "huge") {
        const chunk = Buffer.alloc(64 * 1024, "x");
        let sent = 0;
        const pump = () => {
          while (sent < b.bytes && !socket.destroyed) {
            sent += chunk.length;
            if (!socket.write(chunk)) return void socket.once("drain", pump);
          }
          socket.end();
        };
        pump();
      } else if (b.kind === "drip") {
        let i = 0;
        const t = setInterval(() => {
          if (socket.destroyed || i >= b.text.length) {
            clearInterval(t);
            timers.delete(t);
            if (!socket.destroyed) socket.end();
            return;
          }
          socket.write(b.text[i++]!);
        }, b.everyMs);
        timers.add(t);
      }
      // silent: accept and never answer
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    openConnections: () => sockets.size,
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** An HTTP server answering /commands/<name> with `behave(name)` (a JSON body or a raw fault). */
export async function fakeAdminServer(
  behave: (command: string) => { status: number; body: string } | { kind: "silent" } | { kind: "raw"; text: string },
): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const name = (req.url ?? "").replace(/^\/commands\//, "");
    const b = behave(name);
    if ("kind" in b) {
      if (b.kind === "raw") req.socket.end(b.text);
      return; // silent
    }
    res.writeHead(b.status, { "content-type": "application/json" });
    res.end(b.body);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    openConnections: () => sockets.size,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Waits until `cond` holds, polling; fails (throws) after `maxTries` polls. */
export async function eventually(cond: () => boolean, what: string, maxTries = 200): Promise<void> {
  for (let i = 0; i < maxTries; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${what}`);
}
