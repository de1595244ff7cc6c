// The TLS client port: generated PKI, a real handshake from node:tls with the
// client certificate (and without it), and ZooKeeper's own client over TLS.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { connect, type ConnectionOptions } from "node:tls";
import { type Ensemble, FourLetterWordError, startEnsemble, tlsFourLetterWord, zkCli } from "../src/index.ts";

interface Outcome {
  authorized?: boolean;
  protocol?: string | null;
  answer: string;
  error?: string;
}

/** Connects, sends a four-letter word once the handshake is done, collects the answer. */
function handshake(port: number, cmd: string, options: ConnectionOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { answer: "" };
    const socket = connect({ host: "127.0.0.1", port, ...options }, () => {
      outcome.authorized = socket.authorized;
      outcome.protocol = socket.getProtocol();
      socket.end(cmd);
    });
    // Generous: on a loaded 2-core machine a JVM's TLS handshake can take seconds.
    socket.setTimeout(30000, () => socket.destroy(new Error("timeout")));
    socket.on("data", (d: Buffer) => {
      outcome.answer += d.toString("utf8");
    });
    socket.on("error", (err) => {
      outcome.error = err.message;
    });
    socket.on("close", () => resolve(outcome));
  });
}

describe("TLS client port", () => {
  let zk: Ensemble;
  before(async () => {
    // A 30 s session (zkCli asks for 30 s) so a slow TLS client on a busy machine keeps its session.
    zk = await startEnsemble({ servers: 1, tls: true, name: "tls", maxSessionTimeout: 30000 });
  });
  after(() => zk?.close());

  it("generates a CA and a client certificate it signed", () => {
    const tls = zk.tls!;
    for (const f of [tls.caFile, tls.certFile, tls.keyFile, tls.clientKeyStoreFile, tls.trustStoreFile]) assert.ok(existsSync(f), f);
    const ca = new X509Certificate(tls.ca);
    const cert = new X509Certificate(tls.cert);
    assert.ok(cert.checkIssued(ca));
    assert.ok(cert.verify(ca.publicKey));
    assert.match(tls.key, /BEGIN PRIVATE KEY/);
    assert.equal(zk.secureConnectString, `127.0.0.1:${zk.server(1).securePort}`);
    assert.equal(zk.server(1).secureAddress, zk.secureConnectString);
  });

  it("completes a handshake with the client certificate and answers over it", async () => {
    const { ca, cert, key } = zk.tls!;
    const r = await handshake(zk.server(1).securePort!, "srvr", { ca, cert, key });
    assert.equal(r.error, undefined);
    assert.equal(r.authorized, true, "server certificate verified against the generated CA for 127.0.0.1");
    assert.match(r.protocol ?? "", /^TLSv1\.[23]$/);
    assert.match(r.answer, /^Mode: standalone$/m);
  });

  it("tlsFourLetterWord talks to every secure port; a plain port is not TLS", async () => {
    const s = zk.server(1);
    assert.equal(await tlsFourLetterWord(s.host, s.securePort!, "ruok", zk.tls!), "imok");
    await assert.rejects(tlsFourLetterWord(s.host, s.clientPort, "ruok", zk.tls!), FourLetterWordError);
  });

  it("refuses a client without a certificate", async () => {
    const r = await handshake(zk.server(1).securePort!, "srvr", { ca: zk.tls!.ca });
    assert.equal(r.answer, "");
    // ssl.clientAuth=need: the server ends the handshake with a bad_certificate alert.
    assert.match(r.error ?? "", /alert bad certificate/);
  });

  it("serves ZooKeeper's own client over TLS", async () => {
    const r = await zkCli(zk.secureConnectString!, ["create /over-tls yes", "get /over-tls"], { tls: zk.tls! });
    assert.match(r.stdout, /^yes$/m, r.stdout + r.stderr);
    // The plain port still works and sees the same data.
    assert.match((await zkCli(zk.connectString, ["get /over-tls"])).stdout, /^yes$/m);
  });
});
