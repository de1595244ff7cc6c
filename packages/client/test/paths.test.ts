// validatePath (ZooKeeper's PathUtils rules) and chroot mapping.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArgumentError } from "../src/errors.ts";
import { parentOf, toClientPath, toServerPath, validatePath } from "../src/paths.ts";

describe("validatePath", () => {
  it("accepts valid paths", () => {
    for (const p of ["/", "/a", "/a/b/c", "/ü-ñ", "/a b", "/.hidden", "/a.b", "/...", "/a/..b", "/zookeeper/config", "/🦄"]) {
      assert.equal(validatePath(p, "test"), p);
    }
  });

  const invalid: [unknown, RegExp][] = [
    ["", /empty/],
    ["a", /must start with \//],
    ["a/b", /must start with \//],
    ["/a/", /must not end with \//],
    ["//", /must not end with \/|empty segment/],
    ["/a//b", /empty segment/],
    ["/.", /relative segment "\."/],
    ["/..", /relative segment "\.\."/],
    ["/a/./b", /relative segment/],
    ["/a/../b", /relative segment/],
    ["/a/..", /relative segment/],
    ["/a\u0000b", /null character/],
    ["/a\u0001", /U\+0001/],
    ["/a\u001f", /U\+001f/],
    ["/a\u007f", /U\+007f/],
    ["/a\u009f", /U\+009f/],
    ["/a\ue000", /U\+e000/],
    ["/a\ufff0", /U\+fff0/],
    ["/a\uffff", /U\+ffff/],
    [undefined, /must be a string/],
    [42, /must be a string/],
    [null, /must be a string/],
  ];
  for (const [p, re] of invalid) {
    it(`refuses ${JSON.stringify(p) ?? String(p)}`, () => {
      assert.throws(
        () => validatePath(p, "getData"),
        (e: unknown) => e instanceof InvalidArgumentError && e.name === "InvalidArgumentError" && e.code === "INVALID_ARGUMENT" && e.op === "getData" && !e.retriable && re.test(e.message),
      );
    });
  }

  it("allows a trailing / (empty last segment) only for sequential creates", () => {
    assert.equal(validatePath("/queue/", "create", { sequential: true }), "/queue/");
    assert.throws(() => validatePath("/queue//", "create", { sequential: true }), /empty segment/);
    assert.throws(() => validatePath("/queue/", "create"), InvalidArgumentError);
  });
});

describe("chroot mapping", () => {
  it("prefixes client paths with the chroot", () => {
    assert.equal(toServerPath("", "/a"), "/a");
    assert.equal(toServerPath("/app", "/"), "/app");
    assert.equal(toServerPath("/app", "/a/b"), "/app/a/b");
  });

  it("strips the chroot from server paths, and only a whole segment", () => {
    assert.equal(toClientPath("", "/a"), "/a");
    assert.equal(toClientPath("/app", "/app"), "/");
    assert.equal(toClientPath("/app", "/app/a"), "/a");
    assert.equal(toClientPath("/app", "/apple"), "/apple");
    assert.equal(toClientPath("/app", "/zookeeper/config"), "/zookeeper/config");
  });

  it("round-trips every path", () => {
    for (const chroot of ["", "/app", "/a/b"]) for (const p of ["/", "/x", "/x/y"]) assert.equal(toClientPath(chroot, toServerPath(chroot, p)), p);
  });

  it("parentOf", () => {
    assert.equal(parentOf("/a/b"), "/a");
    assert.equal(parentOf("/a"), "/");
    assert.equal(parentOf("/"), "/");
  });
});
