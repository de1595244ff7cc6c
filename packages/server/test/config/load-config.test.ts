import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ConfigError } from "../../src/config/config-error.ts";
import { configFromFlags, FlagError, parseFlags } from "../../src/config/from-cli.ts";
import { loadConfig, parseConfig } from "../../src/config/load-config.ts";

const GOOD = `# two ensembles
ensembles:
  - name: prod
    adminPort: 8080
    servers:
      - zk1:2181
      - "zk2:2181@9090"
      - {address: "zk3:2181", admin: "zk3:8081"}
  - name: kafka
    servers: [10.0.0.1:2181]
collector:
  interval: 10s
  timeout: 1500ms
  connectTimeout: 500ms
http:
  listen: 0.0.0.0:9141
data: /var/lib/zoosight
route:
  receiver: ops
`;

function err(text: string): ConfigError {
  try {
    parseConfig(text, "zoosight.yaml");
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e;
  }
  assert.fail("expected a ConfigError");
}

describe("config > zoosight.yaml", () => {
  test("a full file", () => {
    const c = parseConfig(GOOD, "zoosight.yaml");
    assert.deepEqual(
      c.ensembles.map((e) => [e.name, e.servers.map((s) => `${s.address}@${s.admin ? `${s.admin.host}:${s.admin.port}` : "-"}`)]),
      [
        ["prod", ["zk1:2181@zk1:8080", "zk2:2181@zk2:9090", "zk3:2181@zk3:8081"]],
        ["kafka", ["10.0.0.1:2181@-"]],
      ],
    );
    assert.equal(c.collector.intervalMs, 10000);
    assert.equal(c.collector.timeoutMs, 1500);
    assert.equal(c.collector.connectTimeoutMs, 500);
    assert.deepEqual(c.http, { host: "0.0.0.0", port: 9141 });
    assert.equal(c.data, "/var/lib/zoosight");
  });

  test("errors name file, line and key", () => {
    let e = err("ensembles:\n  - name: prod\n    servers:\n      - zk1:2181\n      - zk2\n");
    assert.equal(e.message, "zoosight.yaml:5: ensembles[0].servers[1]: 'zk2' is not host:port");
    e = err("ensembles:\n  - name: prod\n    servers: [a:1]\n    sevrers: [b:2]\n");
    assert.equal(e.line, 4);
    assert.equal(e.key, "ensembles[0].sevrers");
    e = err("ensembles:\n  - name: prod\n    servers: []\n");
    assert.match(e.message, /^zoosight.yaml:3: ensembles\[0\]\.servers: must be a non-empty list/);
    e = err("ensembles:\n  - {name: a, servers: [x:1]}\n  - {name: a, servers: [y:1]}\n");
    assert.match(e.message, /^zoosight.yaml:3: ensembles\[1\]\.name: duplicate ensemble name 'a'/);
    e = err("ensembles:\n  - {name: a, servers: [x:1]}\ncollector:\n  interval: soon\n");
    assert.equal(e.message, "zoosight.yaml:4: collector.interval: 'soon' is not a duration (e.g. 500ms, 5s, 1m)");
    e = err("ensembles:\n  - {name: a, servers: [x:99999]}\n");
    assert.match(e.message, /^zoosight.yaml:2: ensembles\[0\]\.servers\[0\]: 'x:99999' has no valid port/);
    e = err("ensembles: [\n");
    assert.equal(e.key, "(syntax)");
    e = err("- just a list\n");
    assert.match(e.message, /must be a mapping/);
    e = err("ensembles:\n  - {name: a, servers: [x:1]}\nbogus: 1\n");
    assert.equal(e.message.split(": ").slice(0, 2).join(": "), "zoosight.yaml:3: bogus");
  });

  test("a relative data directory is relative to the configuration file", () => {
    const text = "ensembles:\n  - {name: a, servers: [x:1]}\ndata: state\n";
    assert.equal(parseConfig(text, "/etc/zoosight/zoosight.yaml").data, "/etc/zoosight/state");
    assert.equal(parseConfig(text.replace("state", "/var/z"), "/etc/zoosight/zoosight.yaml").data, "/var/z");
  });

  test("a missing file is a ConfigError naming it", async () => {
    await assert.rejects(loadConfig("/nonexistent/zoosight.yaml"), (e: Error) => e instanceof ConfigError && /\/nonexistent\/zoosight.yaml:0: \(file\): cannot read: ENOENT/.test(e.message));
  });
});

describe("config > command-line flags", () => {
  test("--zk, overrides, and --config merged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zoosight-config-"));
    writeFileSync(join(dir, "z.yaml"), GOOD);
    const flags = parseFlags(["--config", "z.yaml", "--zk=a:1,b:2@3", "--name", "extra", "--timeout", "900", "--port", "0"], ["zk", "config", "name", "timeout", "port"], []);
    const c = await configFromFlags(flags, dir);
    assert.deepEqual(c.ensembles.map((e) => e.name), ["prod", "kafka", "extra"]);
    assert.equal(c.ensembles[2]!.servers[1]!.admin?.port, 3);
    assert.equal(c.collector.timeoutMs, 900);
    assert.equal(c.collector.connectTimeoutMs, 500);
    assert.equal(c.http.port, 0);
  });

  test("external URL (links in notifications): from the file or the flag, validated, never with credentials", async () => {
    const base = "ensembles:\n  - {name: a, servers: [x:1]}\nhttp:\n  listen: 0.0.0.0:7070\n";
    assert.equal(parseConfig(`${base}  externalURL: https://zk.example.com/zoosight\n`, "zoosight.yaml").http.externalURL, "https://zk.example.com/zoosight");
    assert.equal(parseConfig(base, "zoosight.yaml").http.externalURL, undefined);
    let e = err(`${base}  externalURL: zk.example.com\n`);
    assert.equal(e.message, "zoosight.yaml:5: http.externalURL: 'zk.example.com' is not an absolute URL (e.g. https://zoosight.example.com)");
    e = err(`${base}  externalURL: ftp://zk.example.com\n`);
    assert.match(e.message, /^zoosight.yaml:5: http.externalURL: 'ftp:\/\/zk.example.com' must be an http or https URL$/);
    e = err(`${base}  externalURL: https://admin:s3cret@zk.example.com\n`);
    assert.equal(e.message, "zoosight.yaml:5: http.externalURL: must not contain credentials (the URL appears in every notification)");
    assert.ok(!e.message.includes("s3cret"), "the secret is not echoed");
    const flagged = await configFromFlags(parseFlags(["--zk", "a:1", "--external-url", "http://10.1.2.3:7070"], ["zk", "external-url"], []), "/");
    assert.equal(flagged.http.externalURL, "http://10.1.2.3:7070");
    await assert.rejects(configFromFlags(parseFlags(["--zk", "a:1", "--external-url", "nope"], ["zk", "external-url"], []), "/"), /--external-url: 'nope' is not an absolute URL/);
  });

  test("bad flags are FlagErrors with one clear line", async () => {
    assert.throws(() => parseFlags(["--nope"], ["zk"], []), /unknown option '--nope'/);
    assert.throws(() => parseFlags(["--zk"], ["zk"], []), /--zk needs a value/);
    assert.throws(() => parseFlags(["stray"], ["zk"], []), /unexpected argument 'stray'/);
    await assert.rejects(configFromFlags(parseFlags([], ["zk"], []), "/"), FlagError);
    await assert.rejects(configFromFlags(parseFlags(["--zk", "host-without-port"], ["zk"], []), "/"), /--zk: 'host-without-port' is not host:port/);
    await assert.rejects(configFromFlags(parseFlags(["--zk", "a:1", "--timeout", "-5"], ["zk", "timeout"], []), "/"), /--timeout must be a positive whole number/);
  });
});
