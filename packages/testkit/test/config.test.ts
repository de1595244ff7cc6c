// Unit tests of what the kit writes and parses, no servers involved.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ServerSpec, serverLine, serverSystemProperties, superDigest, zooCfg } from "../src/config.ts";
import { resolveOptions } from "../src/ensemble-options.ts";
import { parseMode, TestkitError } from "../src/index.ts";

const spec = (id: number, role: ServerSpec["role"] = "participant"): ServerSpec => ({
  id,
  role,
  ports: { client: 1000 + id, admin: 2000 + id, quorum: 3000 + id, election: 4000 + id },
});

const base = {
  dataDir: "/tmp/x/data",
  tickTime: 500,
  fourLetterWords: "*",
  adminServer: true,
};

function parse(cfg: string): Map<string, string> {
  return new Map(cfg.trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
}

describe("zooCfg", () => {
  it("writes a standalone server without server lines", () => {
    const cfg = parse(zooCfg({ ...base, self: spec(1), members: [spec(1)], standalone: true }));
    assert.equal(cfg.get("clientPort"), "1001");
    assert.equal(cfg.get("clientPortAddress"), "127.0.0.1");
    assert.equal(cfg.get("admin.serverPort"), "2001");
    assert.equal(cfg.get("admin.serverAddress"), "127.0.0.1");
    assert.equal(cfg.get("4lw.commands.whitelist"), "*");
    assert.equal(cfg.get("reconfigEnabled"), "true");
    assert.equal(cfg.has("standaloneEnabled"), false);
    assert.equal(cfg.has("server.1"), false);
  });

  it("lists every member on loopback and marks observers", () => {
    const members = [spec(1), spec(2), spec(3), spec(4, "observer")];
    const cfg = parse(zooCfg({ ...base, self: members[3]!, members, standalone: false }));
    assert.equal(cfg.get("standaloneEnabled"), "false");
    assert.equal(cfg.get("peerType"), "observer");
    assert.equal(cfg.get("server.2"), "127.0.0.1:3002:4002;127.0.0.1:1002");
    assert.equal(cfg.get("server.4"), "127.0.0.1:3004:4004:observer;127.0.0.1:1004");
    const voter = parse(zooCfg({ ...base, self: members[0]!, members, standalone: false }));
    assert.equal(voter.has("peerType"), false);
    assert.equal(serverLine(members[0]!), "server.1=127.0.0.1:3001:4001;127.0.0.1:1001");
  });

  it("adds the TLS port with the Netty factory and PKCS12 stores; extraConfig wins", () => {
    const self = { ...spec(1), ports: { ...spec(1).ports, secure: 5001 } };
    const tls = { keyStoreFile: "/k.p12", trustStoreFile: "/t.p12", password: "pw", clientAuth: "need" as const };
    const cfg = parse(
      zooCfg({ ...base, self, members: [self], standalone: true, tls, extraConfig: { tickTime: "200", "ssl.clientAuth": "want" } }),
    );
    assert.equal(cfg.get("secureClientPort"), "5001");
    assert.equal(cfg.get("secureClientPortAddress"), "127.0.0.1");
    assert.equal(cfg.get("serverCnxnFactory"), "org.apache.zookeeper.server.NettyServerCnxnFactory");
    assert.equal(cfg.get("ssl.keyStore.type"), "PKCS12");
    assert.equal(cfg.get("ssl.trustStore.location"), "/t.p12");
    assert.equal(cfg.get("ssl.clientAuth"), "want");
    assert.equal(cfg.get("tickTime"), "200");
  });
});

describe("system properties", () => {
  it("computes the super digest as user:base64(sha1(user:password))", () => {
    // Reference value: echo -n super:secret | openssl sha1 -binary | base64
    assert.equal(superDigest("super", "secret"), "super:lK75jTNcA+U9vtVEw5vB51mj/w4=");
  });

  it("turns options into -D properties, user properties last", () => {
    const props = serverSystemProperties({
      adminServer: false,
      extendedTypes: true,
      readOnlyMode: true,
      superDigest: { user: "super", password: "secret" },
      systemProperties: { "zookeeper.admin.enableServer": "true", "x.y": "z" },
    });
    assert.equal(props["zookeeper.extendedTypesEnabled"], "true");
    assert.equal(props["znode.container.checkIntervalMs"], "100");
    assert.equal(props["readonlymode.enabled"], "true");
    assert.equal(props["zookeeper.DigestAuthenticationProvider.superDigest"], "super:lK75jTNcA+U9vtVEw5vB51mj/w4=");
    assert.equal(props["zookeeper.admin.enableServer"], "true");
    assert.equal(props["x.y"], "z");
  });
});

describe("resolveOptions", () => {
  const ports = async () => 0;
  it("defaults to 3 voters, tickTime 500, AdminServer on, 4lw *", () => {
    const o = resolveOptions({}, ports);
    assert.equal(o.servers, 3);
    assert.equal(o.tickTime, 500);
    assert.equal(o.adminServer, true);
    assert.equal(o.fourLetterWords, "*");
    assert.equal(o.standalone, false);
    assert.equal(resolveOptions({ servers: 1 }, ports).standalone, true);
    assert.equal(resolveOptions({ servers: 1, observers: 1 }, ports).standalone, false);
    assert.equal(resolveOptions({ name: "a b/c" }, ports).name, "a-b-c");
  });

  it("rejects bad input with a TestkitError naming it", () => {
    assert.throws(() => resolveOptions({ servers: 2 as 1 }, ports), (e: Error) => e instanceof TestkitError && /servers must be 1, 3 or 5, got 2/.test(e.message));
    assert.throws(() => resolveOptions({ observers: -1 }, ports), /observers must be/);
    assert.throws(() => resolveOptions({ servers: 3, standalone: true }, ports), /standalone needs servers: 1/);
  });
});

describe("parseMode", () => {
  it("reads the Mode line of srvr and treats anything else as not serving", () => {
    assert.equal(parseMode("Zookeeper version: 3.8.0\nMode: follower\nNode count: 5\n"), "follower");
    assert.equal(parseMode("Mode: read-only\n"), "read-only");
    assert.equal(parseMode("This ZooKeeper instance is not currently serving requests\n"), "not serving");
    assert.equal(parseMode(""), "not serving");
  });
});

describe("readOnlyMode config", () => {
  it("enables local sessions, which read-only servers need for new sessions", () => {
    const cfg = parse(zooCfg({ ...base, self: spec(1), members: [spec(1), spec(2), spec(3)], standalone: false, readOnlyMode: true }));
    assert.equal(cfg.get("localSessionsEnabled"), "true");
    assert.equal(cfg.get("localSessionsUpgradingEnabled"), "true");
    const plain = parse(zooCfg({ ...base, self: spec(1), members: [spec(1)], standalone: true }));
    assert.equal(plain.has("localSessionsEnabled"), false);
  });
});
