// A local HTTP server (port 0) that records every request and answers with scripted statuses.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  path: string;
  body: unknown;
  authorization: string | undefined;
}

export interface HttpTarget {
  url: string;
  received: Received[];
  /** Statuses to answer with, one per request, then 200. */
  statuses: number[];
  /** Resolves once `n` requests have arrived (rejects after 20 s). */
  waitFor(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function httpTarget(): Promise<HttpTarget> {
  const received: Received[] = [];
  const statuses: number[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString("utf8")));
    req.on("end", () => {
      let body: unknown = data;
      try {
        body = JSON.parse(data);
      } catch {
        // not JSON: keep the text
      }
      received.push({ method: req.method ?? "", path: req.url ?? "", body, authorization: req.headers.authorization });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 200 ? "ok" : `status ${status}`);
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    statuses,
    async waitFor(n) {
      const deadline = Date.now() + 20_000;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} requests, got ${received.length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200).unref();
        });
      }
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
