// WatchRegistry.materialize: which listeners an event fires (Java's ZKWatchManager rules).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type WatchKind, type WatchListener, WatchRegistry } from "../../src/session/watch-registry.ts";

const named = (name: string): WatchListener => Object.defineProperty(() => {}, "name", { value: name });
const names = (ls: WatchListener[]) => ls.map((l) => l.name).sort();

function registry(entries: [WatchKind, string, string][]): { reg: WatchRegistry; l: Record<string, WatchListener> } {
  const reg = new WatchRegistry();
  const l: Record<string, WatchListener> = {};
  for (const [kind, path, name] of entries) {
    l[name] ??= named(name);
    reg.add(kind, path, l[name]!);
  }
  return { reg, l };
}

describe("WatchRegistry.materialize", () => {
  const setup = () =>
    registry([
      ["data", "/a", "data"],
      ["exist", "/a", "exist"],
      ["child", "/a", "child"],
      ["persistent", "/a", "pers"],
      ["persistentRecursive", "/", "recRoot"],
      ["persistentRecursive", "/a", "recA"],
      ["persistentRecursive", "/a/b", "recAB"],
      ["data", "/a/b", "dataAB"],
    ]);

  it("created / dataChanged fire data, exist, persistent and recursive watches of the path and its ancestors", () => {
    for (const type of ["created", "dataChanged"] as const) {
      const { reg } = setup();
      assert.deepEqual(names(reg.materialize(type, "/a")), ["data", "exist", "pers", "recA", "recRoot"]);
      // One-shot ones are gone, the others stay.
      assert.deepEqual(names(reg.materialize(type, "/a")), ["pers", "recA", "recRoot"]);
      assert.equal(reg.has("child", "/a"), true);
    }
  });

  it("childrenChanged fires child and persistent watches, never recursive ones", () => {
    const { reg } = setup();
    assert.deepEqual(names(reg.materialize("childrenChanged", "/a")), ["child", "pers"]);
    assert.deepEqual(names(reg.materialize("childrenChanged", "/a")), ["pers"]);
    assert.deepEqual(names(reg.materialize("childrenChanged", "/a/b")), []);
    assert.equal(reg.has("data", "/a"), true);
  });

  it("deleted fires every kind on the path and removes only the one-shot ones", () => {
    const { reg } = setup();
    assert.deepEqual(names(reg.materialize("deleted", "/a")), ["child", "data", "exist", "pers", "recA", "recRoot"]);
    assert.equal(reg.has("persistent", "/a"), true);
    assert.equal(reg.has("persistentRecursive", "/a"), true);
    assert.equal(reg.has("data", "/a") || reg.has("exist", "/a") || reg.has("child", "/a"), false);
  });

  it("recursive watches match whole path segments only", () => {
    const { reg } = registry([["persistentRecursive", "/ab", "recAb"], ["persistentRecursive", "/a", "recA"]]);
    assert.deepEqual(names(reg.materialize("created", "/abc")), []);
    assert.deepEqual(names(reg.materialize("created", "/a/bc")), ["recA"]);
    assert.deepEqual(names(reg.materialize("created", "/ab/c/d")), ["recAb"]);
  });

  it("a listener registered through several kinds or twice fires once", () => {
    const reg = new WatchRegistry();
    const one = named("one");
    reg.add("data", "/x", one);
    reg.add("data", "/x", one);
    reg.add("exist", "/x", one);
    reg.add("persistent", "/x", one);
    reg.add("persistentRecursive", "/", one);
    assert.equal(reg.materialize("dataChanged", "/x").length, 1);
    assert.equal(reg.size, 2);
  });

  it("fires nothing for none and removal event types, and for paths without watches", () => {
    const { reg } = setup();
    const before = reg.size;
    for (const t of ["none", "dataWatchRemoved", "childWatchRemoved", "persistentWatchRemoved"] as const) assert.deepEqual(reg.materialize(t, "/a"), []);
    assert.equal(reg.size, before);
    assert.deepEqual(names(reg.materialize("dataChanged", "/elsewhere")), ["recRoot"]);
  });
});

describe("WatchRegistry bookkeeping", () => {
  it("remove one listener or all of a path, has, paths, size, clear", () => {
    const reg = new WatchRegistry();
    const a = named("a");
    const b = named("b");
    reg.add("data", "/p", a);
    reg.add("data", "/p", b);
    reg.add("child", "/q", a);
    assert.equal(reg.size, 3);
    assert.deepEqual(reg.paths("data"), ["/p"]);
    assert.deepEqual(reg.remove("data", "/p", a), [a]);
    assert.deepEqual(reg.remove("data", "/p", a), []);
    assert.equal(reg.has("data", "/p", b), true);
    assert.equal(reg.has("data", "/p", a), false);
    assert.deepEqual(reg.remove("data", "/p"), [b]);
    assert.equal(reg.has("data", "/p"), false);
    assert.deepEqual(reg.paths("data"), []);
    assert.deepEqual(reg.remove("exist", "/nothing"), []);
    reg.clear();
    assert.equal(reg.size, 0);
  });
});
