// ACL helpers: digest ids as ZooKeeper's DigestAuthenticationProvider, permission letters, constants.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { acl, CREATOR_ALL_ACL, digestAcl, digestId, OPEN_ACL_UNSAFE, PERMS, permsFromString, permsToString, READ_ACL_UNSAFE } from "../src/acl.ts";

describe("acl helpers", () => {
  it("digestId matches ZooKeeper's known vector", () => {
    // DigestAuthenticationProvider.generateDigest("super:test"), as in ZooKeeper's docs and tests.
    assert.equal(digestId("super", "test"), "super:D/InIHSb7yEEbrWz8b9l71RjZJU=");
  });

  it("digestId hashes the whole user:password (colons and non-ASCII included)", () => {
    const sha1 = (s: string) => createHash("sha1").update(Buffer.from(s, "utf8")).digest("base64");
    assert.equal(digestId("u", "a:b"), `u:${sha1("u:a:b")}`);
    assert.equal(digestId("ü", "pässword"), `ü:${sha1("ü:pässword")}`);
    assert.match(digestId("u", ""), /^u:[A-Za-z0-9+/]{27}=$/);
  });

  it("digestAcl builds a digest ACL, all permissions by default", () => {
    assert.deepEqual(digestAcl("bob", "pw"), { perms: 31, id: { scheme: "digest", id: digestId("bob", "pw") } });
    assert.equal(digestAcl("bob", "pw", PERMS.read).perms, 1);
  });

  it("permission letters both ways", () => {
    assert.equal(permsFromString("rwcda"), PERMS.all);
    assert.equal(permsFromString("cdrwa"), 31);
    assert.equal(permsFromString("r"), 1);
    assert.equal(permsFromString(""), 0);
    assert.equal(permsToString(31), "rwcda");
    assert.equal(permsToString(PERMS.read | PERMS.admin), "ra");
    for (let p = 0; p <= 31; p++) assert.equal(permsFromString(permsToString(p)), p);
    assert.throws(() => permsFromString("rx"), /unknown permission letter "x"/);
  });

  it("well-known ACLs match ZooDefs.Ids", () => {
    assert.deepEqual(OPEN_ACL_UNSAFE, [acl(31, "world", "anyone")]);
    assert.deepEqual(CREATOR_ALL_ACL, [acl(31, "auth", "")]);
    assert.deepEqual(READ_ACL_UNSAFE, [acl(1, "world", "anyone")]);
    assert.ok(Object.isFrozen(OPEN_ACL_UNSAFE));
    assert.deepEqual(PERMS, { read: 1, write: 2, create: 4, delete: 8, admin: 16, all: 31 });
  });
});
