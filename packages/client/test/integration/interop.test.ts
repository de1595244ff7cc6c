// Interop with ZooKeeper's own Java client (zkCli, from the Debian package):
// what this client writes zkCli reads identically, and the reverse.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { acl, connect, digestAcl, digestId, PERMS, type ZooKeeperClient } from "@zoosight/client";
import { type Ensemble, startEnsemble, type ZkCliResult, zkCli } from "@zoosight/testkit";
import { recorder, settleEvents, uniquePath } from "../support/helpers.ts";

// The JVM's default charset follows the locale, which may be ASCII here; zkCli turns command-line
// text into bytes with it, so say UTF-8 explicitly (as anyone using non-ASCII data with zkCli must).
const UTF8 = { systemProperties: { "file.encoding": "UTF-8", "sun.stdout.encoding": "UTF-8", "sun.stderr.encoding": "UTF-8" } };
const TEXT = "héllo wörld ✓ — ünïcödé";

function cli(zk: Ensemble, commands: string[]): Promise<ZkCliResult> {
  return zkCli(zk.connectString, commands, UTF8);
}

/** zkCli's getAcl output as "scheme:id:perm-letters" lines (letters sorted). */
function parseCliAcl(stdout: string): string[] {
  const out: string[] = [];
  const re = /^'([^,]+),'(.*)\n: ([cdrwa]+)$/gm;
  for (let m = re.exec(stdout); m; m = re.exec(stdout)) out.push(`${m[1]}:${m[2]}:${[...m[3]!].sort().join("")}`);
  return out.sort();
}

const LETTERS: [string, number][] = [
  ["c", PERMS.create],
  ["d", PERMS.delete],
  ["r", PERMS.read],
  ["w", PERMS.write],
  ["a", PERMS.admin],
];
const letters = (perms: number) =>
  LETTERS.filter(([, bit]) => perms & bit)
    .map(([l]) => l)
    .sort()
    .join("");

describe("interop with zkCli", () => {
  let zk: Ensemble;
  let c: ZooKeeperClient;

  before(async () => {
    zk = await startEnsemble({ servers: 1, name: "client-interop" });
    c = await connect(zk.connectString);
  });
  after(async () => {
    await c?.close();
    await zk?.close();
  });

  it("zkCli reads what this client wrote: UTF-8 data, sequential and ephemeral names, ACLs", async () => {
    const base = uniquePath("ours");
    await c.create(base, TEXT);
    const seq = await c.create(`${base}/seq-`, "s", { mode: "persistentSequential" });
    const eph = await c.create(`${base}/eph-ünï`, "e", { mode: "ephemeral" });
    const ephSeq = await c.create(`${base}/es-`, "", { mode: "ephemeralSequential" });
    const secured = `${base}/acl`;
    const ourAcl = [acl(PERMS.read, "world", "anyone"), digestAcl("dave", "pw", PERMS.read | PERMS.write), acl(PERMS.all, "ip", "127.0.0.1")];
    await c.create(secured, "x", { acl: ourAcl });
    const r = await cli(zk, [`get ${base}`, `ls ${base}`, `stat ${eph}`, `getAcl ${secured}`]);
    const out = r.stdout;
    assert.ok(out.split("\n").includes(TEXT), `zkCli printed the data as written:\n${out}\n${r.stderr}`);
    const ls = /^\[(.*)\]$/m.exec(out)?.[1]?.split(", ").sort();
    assert.deepEqual(ls, ["acl", "es-0000000002", "eph-ünï", "seq-0000000000"].sort());
    assert.equal(seq, `${base}/seq-0000000000`);
    assert.equal(ephSeq, `${base}/es-0000000002`);
    assert.match(out, new RegExp(`^ephemeralOwner = 0x${c.sessionId.toString(16)}$`, "m"));
    assert.deepEqual(
      parseCliAcl(out),
      ourAcl.map((a) => `${a.id.scheme}:${a.id.id}:${letters(a.perms)}`).sort(),
    );
  });

  it("this client reads what zkCli wrote: UTF-8 data, sequential names, ACLs, and its ephemerals vanish with it", async () => {
    const base = uniquePath("theirs");
    await c.create(base);
    const w = recorder();
    await c.getChildren(base, { watch: w.listener });
    const r = await cli(zk, [
      `create ${base}/text "${TEXT}"`,
      `create -s ${base}/seq- one`,
      `create -s ${base}/seq- two`,
      `create -e ${base}/eph e`,
      `create ${base}/acl acl-data ip:127.0.0.1:rwa,digest:${digestId("erin", "pw")}:cdrwa`,
      `create ${base}/acl-no-admin acl-data ip:127.0.0.1:rw,digest:${digestId("erin", "pw")}:cdrwa`,
      `ls ${base}`,
    ]);
    assert.match(r.stdout + r.stderr, new RegExp(`Created ${base}/seq-0000000001`), r.stdout + r.stderr);
    const { data, stat } = await c.getData(`${base}/text`);
    assert.equal(data.toString("utf8"), TEXT);
    assert.deepEqual(data, Buffer.from(TEXT, "utf8"));
    assert.equal(stat.dataLength, Buffer.byteLength(TEXT));
    assert.equal((await c.getData(`${base}/seq-0000000001`)).data.toString(), "one");
    assert.equal((await c.getData(`${base}/seq-0000000002`)).data.toString(), "two");
    assert.deepEqual((await c.getACL(`${base}/acl`)).acl, [acl(PERMS.read | PERMS.write | PERMS.admin, "ip", "127.0.0.1"), digestAcl("erin", "pw")]);
    // Without ADMIN on the node, a 3.8 server masks digest hashes in getACL answers (as zkCli shows too).
    assert.deepEqual((await c.getACL(`${base}/acl-no-admin`)).acl, [acl(PERMS.read | PERMS.write, "ip", "127.0.0.1"), acl(PERMS.all, "digest", "erin:x")]);
    // zkCli has quit: its session is closed and its ephemeral gone.
    assert.equal(await c.exists(`${base}/eph`), null);
    assert.deepEqual((await c.getChildren(base)).sort(), ["acl", "acl-no-admin", "seq-0000000001", "seq-0000000002", "text"]);
    await settleEvents(c);
    assert.deepEqual(
      w.events.map((e) => `${e.type} ${e.path}`),
      [`childrenChanged ${base}`],
    );
  });

  it("zkCli sees this client's setData, delete and multi; this client sees zkCli's", async () => {
    const p = uniquePath("both");
    await c.multi([
      { type: "create", path: p, data: "v0" },
      { type: "create", path: `${p}/a`, data: "A" },
      { type: "setData", path: p, data: "v1" },
    ]);
    const w = recorder();
    await c.getData(`${p}/a`, { watch: w.listener });
    const r = await cli(zk, [`get ${p}`, `stat ${p}`, `set ${p}/a "from zkCli"`, `delete ${p}/a`, `create ${p}/b`]);
    assert.match(r.stdout, /^v1$/m);
    assert.match(r.stdout, /^dataVersion = 1$/m);
    assert.match(r.stdout, /^numChildren = 1$/m);
    await settleEvents(c);
    assert.deepEqual(
      w.events.map((e) => e.type),
      ["dataChanged"],
    );
    assert.equal(await c.exists(`${p}/a`), null);
    assert.deepEqual(await c.getChildren(p), ["b"]);
  });
});
