// label_replace, label_join, sort_by_label(_desc). Ports promql/functions.go
// evalLabelReplace (anchored RE2 regex, $1/${name} expansion) and evalLabelJoin.
import type { Labels } from "../../tsdb/types.ts";
import { labelsKey } from "../engine/labels.ts";
import type { Value, Vector } from "../engine/values.ts";
import { PromQLExecutionError } from "../errors.ts";
import type { FnCall, FnImpl } from "./types.ts";
import { stringArg } from "./types.ts";
import { compileRegex } from "../../tsdb/label-regex.ts";

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function checkName(n: string): void {
  if (!LABEL_NAME.test(n) && (n === "" || n.includes("\uFFFD"))) throw new PromQLExecutionError(`invalid destination label name in label_replace(): ${n}`);
}

/** Go regexp Expand: $1, ${1}, $name, ${name}; $$ is a literal $. */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(\$|\{([^}]*)\}|([a-zA-Z0-9_]+))/g, (_all, tok: string, braced?: string, bare?: string) => {
    if (tok === "$") return "$";
    const name = braced ?? bare ?? "";
    if (/^\d+$/.test(name)) return m[Number(name)] ?? "";
    return m.groups?.[name] ?? "";
  });
}

function withLabel(l: Labels, name: string, value: string): Labels {
  const out: Record<string, string> = { ...l };
  if (value === "") delete out[name];
  else out[name] = value;
  return out;
}

function checkDuplicates(v: Vector): void {
  const seen = new Set<string>();
  for (const s of v) {
    const k = labelsKey(s.dropName ? Object.fromEntries(Object.entries(s.labels).filter(([n]) => n !== "__name__")) : s.labels);
    if (seen.has(k)) throw new PromQLExecutionError("vector cannot contain metrics with the same labelset");
    seen.add(k);
  }
}

function labelReplace(c: FnCall): Value {
  const a = c.args[0];
  const dst = stringArg(c, 1);
  const repl = stringArg(c, 2);
  const src = stringArg(c, 3);
  const pattern = stringArg(c, 4);
  let re: RegExp;
  try {
    re = compileRegex(pattern);
  } catch (err) {
    throw new PromQLExecutionError(`invalid regular expression in label_replace(): ${pattern}: ${(err as Error).message}`);
  }
  checkName(dst);
  if (a?.type !== "vector") return { type: "vector", samples: [] };
  const out: Vector = a.samples.map((s) => {
    const m = re.exec(s.labels[src] ?? "");
    if (!m) return s;
    const labels = withLabel(s.labels, dst, expand(repl, m));
    return { ...s, labels, dropName: dst === "__name__" ? false : s.dropName };
  });
  checkDuplicates(out);
  return { type: "vector", samples: out };
}

function labelJoin(c: FnCall): Value {
  const a = c.args[0];
  const dst = stringArg(c, 1);
  const sep = stringArg(c, 2);
  const srcs = c.args.slice(3).map((_, i) => stringArg(c, i + 3));
  checkName(dst);
  if (a?.type !== "vector") return { type: "vector", samples: [] };
  const out: Vector = a.samples.map((s) => {
    const value = srcs.map((n) => s.labels[n] ?? "").join(sep);
    return { ...s, labels: withLabel(s.labels, dst, value), dropName: dst === "__name__" ? false : s.dropName };
  });
  checkDuplicates(out);
  return { type: "vector", samples: out };
}

/** Natural ordering as Prometheus's sort_by_label (natural sort of label values). */
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function sortByLabel(desc: boolean): FnImpl {
  return (c) => {
    const a = c.args[0];
    if (a?.type !== "vector") return { type: "vector", samples: [] };
    const names = c.args.slice(1).map((_, i) => stringArg(c, i + 1));
    const sorted = [...a.samples].sort((x, y) => {
      for (const n of names) {
        const r = naturalCompare(x.labels[n] ?? "", y.labels[n] ?? "");
        if (r !== 0) return desc ? -r : r;
      }
      const r = labelsKey(x.labels) < labelsKey(y.labels) ? -1 : labelsKey(x.labels) > labelsKey(y.labels) ? 1 : 0;
      return desc ? -r : r;
    });
    return { type: "vector", samples: sorted };
  };
}

export const LABEL_FUNCTIONS: Record<string, FnImpl> = {
  label_replace: labelReplace,
  label_join: labelJoin,
  sort_by_label: sortByLabel(false),
  sort_by_label_desc: sortByLabel(true),
};
