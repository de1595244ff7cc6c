// freePort and the four-letter-word / AdminServer clients, against sockets
// this test controls (no ZooKeeper).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { adminCommand, FourLetterWordError, fourLetterWord, freePort, releasePort } from "../src/index.ts";
import { poll } from "../src/wait.ts";

const listen = (server: Server, port = 0) =>
  new Promise<number>((resolve) => server.listen(port, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));

describe("freePort", () => {
  it("hands out distinct, bindable, reserved ports and releases them", async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    assert.equal(new Set(ports).size, 20);
    for (const port of ports) {
      assert.ok(existsSync(join(tmpdir(), "zoosight-testkit-ports", String(port))), `reservation of ${port}`);
      const server = createServer();
      assert.equal(await listen(server, port), port);
      await new Promise((r) => server.close(r));
      releasePort(port);
      assert.equal(existsSync(join(tmpdir(), "zoosight-testkit-ports", String(port))), false);
    }
  });
});

describe("fourLetterWord", () => {
  it("returns everything the server writes before closing", async () => {
    const server = createServer((s) => s.once("data", (cmd) => s.end(`you said ${cmd}\nMode: leader\n`)));
    const port = await listen(server);
    try {
      assert.equal(await fourLetterWord("127.0.0.1", port, "srvr"), "you said srvr\nMode: leader\n");
    } finally {
      server.close();
    }
  });

  it("fails with a typed error on a refused port and on a silent server", async () => {
    const port = await freePort();
    await assert.rejects(fourLetterWord("127.0.0.1", port, "ruok", 1000), (e: unknown) => {
      assert.ok(e instanceof FourLetterWordError);
      assert.equal(e.reason, "refused");
      assert.match(e.message, new RegExp(`"ruok" to 127.0.0.1:${port} failed: refused`));
      return true;
    });
    releasePort(port);
    const silent = createServer(() => {});
    const silentPort = await listen(silent);
    try {
      await assert.rejects(fourLetterWord("127.0.0.1", silentPort, "srvr", 300), /timeout after 300 ms/);
    } finally {
      silent.close();
    }
  });

  it("adminCommand reports a refused AdminServer as FourLetterWordError", async () => {
    const port = await freePort();
    await assert.rejects(adminCommand("127.0.0.1", port, "ruok", 1000), FourLetterWordError);
    releasePort(port);
  });
});

describe("port reservations", () => {
  it("are dropped when their process dies, even by SIGKILL", async () => {
    const script = `import { freePort } from "../src/index.ts";
      const ports = await Promise.all([freePort(), freePort(), freePort()]);
      console.log(JSON.stringify(ports));
      setInterval(() => {}, 60000);`;
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "--input-type=module", "-e", script], {
      cwd: import.meta.dirname,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const ports = await new Promise<number[]>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(JSON.parse(d.toString()))));
    const file = (p: number) => join(tmpdir(), "zoosight-testkit-ports", String(p));
    assert.ok(ports.every((p) => existsSync(file(p))));
    child.kill("SIGKILL");
    const gone = await poll(async () => (ports.every((p) => !existsSync(file(p))) ? true : undefined), 5000);
    assert.equal(gone, true, "reservation files left behind");
  });
});
