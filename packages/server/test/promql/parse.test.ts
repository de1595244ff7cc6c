import assert from "node:assert/strict";
import { test } from "node:test";
import { parseQuery, PromQLSyntaxError, PromQLTypeError } from "../../src/promql/index.ts";
import { FUNCTION_IMPLS } from "../../src/promql/functions/index.ts";
import { FUNCTIONS } from "../../src/promql/signatures.ts";

const OK: [string, unknown][] = [
  ["0x1F", { kind: "number", value: 31 }],
  ["-Inf", { kind: "number", value: Number.NEGATIVE_INFINITY }],
  ["1m", { kind: "number", value: 60 }],
  [`"a\\tb\\u00e9"`, { kind: "string", value: "a\tbé" }],
  ["`raw\\n`", { kind: "string", value: "raw\\n" }],
];

test("PromQL > parse > literals", () => {
  for (const [text, want] of OK) {
    const e = parseQuery(text) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(want as object)) assert.deepEqual(e[k], v, text);
  }
});

test("PromQL > parse > selectors with offset, @ and subqueries", () => {
  const e = parseQuery('rate(foo{a="b",c=~"x.*"}[5m] offset -1m @ start())');
  assert.equal(e.kind, "call");
  if (e.kind !== "call") return;
  const m = e.args[0];
  assert.equal(m?.kind, "matrixSelector");
  if (m?.kind !== "matrixSelector") return;
  assert.equal(m.range, 300_000);
  assert.equal(m.vector.offset, -60_000);
  assert.deepEqual(m.vector.at, { kind: "start" });
  assert.deepEqual(m.vector.matchers, [
    { name: "__name__", type: "=", value: "foo" },
    { name: "a", type: "=", value: "b" },
    { name: "c", type: "=~", value: "x.*" },
  ]);
  const sq = parseQuery("max_over_time(foo[10m:1m] @ 100)");
  assert.equal(sq.kind === "call" && sq.args[0]?.kind, "subquery");
});

test("PromQL > parse > vector matching", () => {
  const e = parseQuery("a + on(x) group_left(y) b");
  assert.equal(e.kind, "binary");
  if (e.kind !== "binary") return;
  assert.deepEqual(e.matching, { card: "many-to-one", on: true, labels: ["x"], include: ["y"] });
});

test("PromQL > parse > syntax and type errors carry positions", () => {
  const cases: [string, typeof PromQLSyntaxError | typeof PromQLTypeError, number][] = [
    ["sum(", PromQLSyntaxError, 4],
    ["foo{a=~\"(\"}", PromQLSyntaxError, 7],
    ["rate(foo)", PromQLTypeError, 5],
    ["1 > 2", PromQLTypeError, 0],
    ["foo and 1", PromQLTypeError, 0],
    ["nosuchfn(foo)", PromQLSyntaxError, 0],
  ];
  for (const [text, cls, from] of cases) {
    assert.throws(
      () => parseQuery(text),
      (err: unknown) => err instanceof cls && (err as PromQLSyntaxError).from === from,
      text,
    );
  }
});

test("PromQL > signatures > every signature has an implementation and vice versa", () => {
  assert.deepEqual([...FUNCTIONS.keys()].sort(), Object.keys(FUNCTION_IMPLS).sort());
});

test("PromQL > regex > RE2 inline flags translate to JavaScript", async () => {
  const { compileRegex } = await import("../../src/tsdb/label-regex.ts");
  assert.ok(compileRegex("(?i:PRO).*").test("production"));
  assert.ok(compileRegex(".*((?i)DUC).*").test("production"));
  assert.ok(!compileRegex("(?i:PRO)x").test("production"));
  assert.ok(compileRegex("a.b").test("a\nb"));
  assert.ok(!compileRegex("abc").test("xabcx"));
  assert.equal(compileRegex("(?P<x>a+)").exec("aa")?.groups?.x, "aa");
});
