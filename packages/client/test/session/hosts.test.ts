// parseConnectString and HostList.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArgumentError } from "../../src/errors.ts";
import { HostList, parseConnectString } from "../../src/session/hosts.ts";

describe("parseConnectString", () => {
  it("parses hosts, ports, IPv6 and chroot", () => {
    assert.deepEqual(parseConnectString("zk1:2181"), { hosts: [{ host: "zk1", port: 2181 }], chroot: "" });
    assert.deepEqual(parseConnectString("zk1"), { hosts: [{ host: "zk1", port: 2181 }], chroot: "" });
    assert.deepEqual(parseConnectString(" a:1 , b:2 ,c "), {
      hosts: [
        { host: "a", port: 1 },
        { host: "b", port: 2 },
        { host: "c", port: 2181 },
      ],
      chroot: "",
    });
    assert.deepEqual(parseConnectString("[::1]:2182,[2001:db8::7]:3"), {
      hosts: [
        { host: "::1", port: 2182 },
        { host: "2001:db8::7", port: 3 },
      ],
      chroot: "",
    });
    assert.deepEqual(parseConnectString("[::1]").hosts, [{ host: "::1", port: 2181 }]);
    assert.deepEqual(parseConnectString("127.0.0.1:2181,127.0.0.2:2181/app/sub"), {
      hosts: [
        { host: "127.0.0.1", port: 2181 },
        { host: "127.0.0.2", port: 2181 },
      ],
      chroot: "/app/sub",
    });
    assert.equal(parseConnectString("h:1/").chroot, "");
  });

  for (const bad of ["", "   ", "h:0", "h:65536", "h:x", "h:", ":2181", "/chroot-only", "h:1,", "h:1,,h:2", "[::1", "a b:1", "h:1/bad//chroot", "h:1/trailing/", "h:1/./x"]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseConnectString(bad), InvalidArgumentError);
    });
  }

  it("names what was wrong", () => {
    assert.throws(() => parseConnectString("h:99999"), /invalid port in "h:99999"/);
    assert.throws(() => parseConnectString("a:1,b c:2"), /invalid host "b c:2" in connect string "a:1,b c:2"/);
    assert.throws(() => parseConnectString(""), /connect string is empty/);
  });
});

describe("HostList", () => {
  const hosts = (n: number) => Array.from({ length: n }, (_, i) => ({ host: `h${i}`, port: 1 }));

  it("shuffles once with the injected random, then goes round robin and reports each wrap", () => {
    const keep = new HostList(hosts(3), () => 0.9999);
    assert.deepEqual(keep.hosts.map((h) => h.host), ["h0", "h1", "h2"]);
    const seq = Array.from({ length: 7 }, () => keep.next());
    assert.deepEqual(seq.map((s) => s.host.host), ["h0", "h1", "h2", "h0", "h1", "h2", "h0"]);
    assert.deepEqual(seq.map((s) => s.wrapped), [true, false, false, true, false, false, true]);
    const rev = new HostList(hosts(3), () => 0);
    assert.deepEqual(rev.hosts.map((h) => h.host), ["h1", "h2", "h0"]);
  });

  it("shuffles into every order with Math.random over many lists", () => {
    const orders = new Set<string>();
    for (let i = 0; i < 300; i++) orders.add(new HostList(hosts(3)).hosts.map((h) => h.host).join());
    assert.equal(orders.size, 6);
  });

  it("tries a preferred host next, once, then resumes the rotation", () => {
    const list = new HostList(hosts(3), () => 0.9999);
    list.next();
    list.prefer(list.hosts[2]!);
    assert.deepEqual(list.next(), { host: list.hosts[2], wrapped: false });
    assert.equal(list.next().host.host, "h1");
  });
});
