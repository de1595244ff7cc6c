// Loads Prometheus rule files (groups → rules) with every error named by file:line and key, the
// way `promtool check rules` validates them: unknown fields, duplicate group names, bad
// durations, missing expr, alert and record together, invalid names, expressions that do not
// parse, alert templates that do not parse.
import { readFileSync } from "node:fs";
import type { Node as YamlNode } from "yaml";
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { parseDuration } from "./duration.ts";
import { RuleLoadError } from "./errors.ts";
import { checkExpression } from "./expr-check.ts";
import type { AlertRuleSpec, RuleGroupSpec, RuleSpec } from "./rule-spec.ts";
import { LABEL_NAME, METRIC_NAME } from "./rule-spec.ts";
import { RuleTemplate } from "./template/index.ts";

export interface LoadResult {
  groups: RuleGroupSpec[];
  errors: RuleLoadError[];
}

const GROUP_KEYS = new Set(["name", "interval", "limit", "query_offset", "rules"]);
const RULE_KEYS = new Set(["alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"]);

class Ctx {
  errors: RuleLoadError[] = [];
  constructor(
    readonly file: string,
    readonly lines: LineCounter,
  ) {}
  line(node: YamlNode | null | undefined): number | undefined {
    const at = node?.range?.[0];
    return at === undefined ? undefined : this.lines.linePos(at).line;
  }
  error(detail: string, node: YamlNode | null | undefined, extra: { key?: string; group?: string; rule?: string } = {}): void {
    this.errors.push(new RuleLoadError(detail, { file: this.file, line: this.line(node), ...extra }));
  }
}

function entries(node: YamlNode | null | undefined): [string, YamlNode | null, YamlNode][] {
  if (!isMap(node)) return [];
  return node.items.map((p) => {
    const k = p.key as YamlNode;
    return [String(isScalar(k) ? k.value : k), p.value as YamlNode | null, k];
  });
}

function scalarString(node: YamlNode | null): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return v === null ? "" : typeof v === "object" ? undefined : String(v);
}

function stringMap(c: Ctx, node: YamlNode | null, what: "labels" | "annotations", where: { group: string; rule: string }): Record<string, string> {
  const out: Record<string, string> = {};
  if (node === null || (isScalar(node) && node.value === null)) return out;
  if (!isMap(node)) {
    c.error(`'${what}' must be a map of strings`, node, { key: what, ...where });
    return out;
  }
  for (const [k, v, kn] of entries(node)) {
    const s = scalarString(v);
    if (!LABEL_NAME.test(k)) c.error(`invalid ${what === "labels" ? "label" : "annotation"} name: ${k}`, kn, { key: `${what}.${k}`, ...where });
    if (s === undefined) c.error(`${what}.${k} must be a string`, v ?? kn, { key: `${what}.${k}`, ...where });
    else out[k] = s;
  }
  return out;
}

function templates(c: Ctx, values: Record<string, string>, node: YamlNode | null, what: string, where: { group: string; rule: string }): Map<string, RuleTemplate> {
  const out = new Map<string, RuleTemplate>();
  const byKey = new Map(entries(node).map(([k, v]) => [k, v]));
  for (const [k, text] of Object.entries(values)) {
    if (!text.includes("{{")) continue;
    try {
      out.set(k, new RuleTemplate(text));
    } catch (err) {
      c.error(`template in ${what}.${k} does not parse: ${(err as Error).message}`, byKey.get(k), { key: `${what}.${k}`, ...where });
    }
  }
  return out;
}

function durationField(c: Ctx, node: YamlNode | null, key: string, where: { group: string; rule?: string }): number | undefined {
  if (node === null) return undefined;
  const s = scalarString(node);
  const ms = s === undefined ? undefined : parseDuration(s);
  if (ms === undefined) c.error(`not a valid duration string: ${JSON.stringify(s ?? "")}`, node, { key, ...where });
  return ms;
}

function loadRule(c: Ctx, node: YamlNode, group: string, index: number): RuleSpec | undefined {
  const fields = new Map<string, { v: YamlNode | null; k: YamlNode }>();
  for (const [k, v, kn] of entries(node)) {
    if (!RULE_KEYS.has(k)) c.error(`field ${k} not found in rule`, kn, { key: k, group });
    fields.set(k, { v, k: kn });
  }
  if (!isMap(node)) {
    c.error("a rule must be a map", node, { group });
    return undefined;
  }
  const alert = fields.has("alert") ? scalarString(fields.get("alert")!.v) : undefined;
  const record = fields.has("record") ? scalarString(fields.get("record")!.v) : undefined;
  const ruleName = alert ?? record ?? `#${index + 1}`;
  const where = { group, rule: ruleName };
  const errorsBefore = c.errors.length;
  if (alert !== undefined && record !== undefined) c.error("only one of 'record' and 'alert' must be set", node, where);
  if (alert === undefined && record === undefined) c.error("one of 'record' or 'alert' must be set", node, where);
  if (alert === "") c.error("'alert' must not be empty", fields.get("alert")!.k, { key: "alert", ...where });
  if (record !== undefined && !METRIC_NAME.test(record)) c.error(`invalid recording rule name: ${record}`, fields.get("record")!.k, { key: "record", ...where });
  const exprField = fields.get("expr");
  const expr = exprField ? scalarString(exprField.v) : undefined;
  if (expr === undefined || expr.trim() === "") c.error("field 'expr' must be set in rule", exprField?.v ?? node, { key: "expr", ...where });
  else {
    const problem = checkExpression(expr);
    if (problem) c.error(`could not parse expression: ${problem}`, exprField!.v, { key: "expr", ...where });
  }
  const labels = stringMap(c, fields.get("labels")?.v ?? null, "labels", where);
  const annotations = stringMap(c, fields.get("annotations")?.v ?? null, "annotations", where);
  if (record !== undefined && alert === undefined) {
    for (const k of ["for", "keep_firing_for", "annotations"]) {
      if (fields.has(k)) c.error(`invalid field '${k}' in recording rule`, fields.get(k)!.k, { key: k, ...where });
    }
    if ("__name__" in labels) c.error("invalid label name: __name__", fields.get("labels")!.v, { key: "labels.__name__", ...where });
    if (c.errors.length > errorsBefore) return undefined;
    return { kind: "record", name: record, expr: expr!, labels, source: { file: c.file, line: c.line(node) ?? 0 } };
  }
  const forMs = durationField(c, fields.get("for")?.v ?? null, "for", where) ?? 0;
  const keepFiringForMs = durationField(c, fields.get("keep_firing_for")?.v ?? null, "keep_firing_for", where) ?? 0;
  const labelTemplates = templates(c, labels, fields.get("labels")?.v ?? null, "labels", where);
  const annotationTemplates = templates(c, annotations, fields.get("annotations")?.v ?? null, "annotations", where);
  if (c.errors.length > errorsBefore || alert === undefined) return undefined;
  const spec: AlertRuleSpec = {
    kind: "alert",
    name: alert,
    expr: expr!,
    forMs,
    keepFiringForMs,
    labels,
    annotations,
    labelTemplates,
    annotationTemplates,
    source: { file: c.file, line: c.line(node) ?? 0 },
  };
  return spec;
}

function loadGroup(c: Ctx, node: YamlNode, seen: Set<string>): RuleGroupSpec | undefined {
  if (!isMap(node)) {
    c.error("a group must be a map with name and rules", node, { key: "groups" });
    return undefined;
  }
  const f = new Map(entries(node).map(([k, v, kn]) => [k, { v, k: kn }]));
  const name = scalarString(f.get("name")?.v ?? null) ?? "";
  for (const [k, , kn] of entries(node)) if (!GROUP_KEYS.has(k)) c.error(`field ${k} not found in rule group`, kn, { key: k, group: name || undefined });
  if (name === "") c.error("Groupname must not be empty", node, { key: "name" });
  else if (seen.has(name)) c.error(`groupname: "${name}" is repeated in the same file`, f.get("name")!.v, { key: "name", group: name });
  seen.add(name);
  const intervalMs = durationField(c, f.get("interval")?.v ?? null, "interval", { group: name });
  if (intervalMs === 0) c.error("interval must be greater than zero", f.get("interval")!.v, { key: "interval", group: name });
  const queryOffsetMs = durationField(c, f.get("query_offset")?.v ?? null, "query_offset", { group: name }) ?? 0;
  let limit = 0;
  if (f.has("limit")) {
    const v = f.get("limit")!.v;
    const n = isScalar(v) ? v.value : undefined;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) c.error("limit must be a non-negative integer", v, { key: "limit", group: name });
    else limit = n;
  }
  const rulesNode = f.get("rules")?.v ?? null;
  const rules: RuleSpec[] = [];
  if (rulesNode !== null && !isSeq(rulesNode) && !(isScalar(rulesNode) && rulesNode.value === null)) {
    c.error("'rules' must be a list", rulesNode, { key: "rules", group: name });
  } else if (isSeq(rulesNode)) {
    rulesNode.items.forEach((r, i) => {
      const rule = loadRule(c, r as YamlNode, name, i);
      if (rule) rules.push(rule);
    });
  }
  return { name, intervalMs, limit, queryOffsetMs, rules, source: { file: c.file, line: c.line(node) ?? 0 } };
}

/** Parses and validates one rule file's text. Never throws; every problem is in `errors`. */
export function loadRuleText(text: string, file: string): LoadResult {
  const lines = new LineCounter();
  const c = new Ctx(file, lines);
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  for (const e of doc.errors) {
    c.errors.push(new RuleLoadError(e.message.split("\n")[0]!, { file, line: lines.linePos(e.pos[0]).line }));
  }
  if (c.errors.length > 0) return { groups: [], errors: c.errors };
  const root = doc.contents as YamlNode | null;
  if (root === null || (isScalar(root) && root.value === null)) return { groups: [], errors: [] };
  if (!isMap(root)) return { groups: [], errors: [new RuleLoadError("a rule file must be a map with 'groups'", { file, line: c.line(root) })] };
  const groups: RuleGroupSpec[] = [];
  const seen = new Set<string>();
  for (const [k, v, kn] of entries(root)) {
    if (k !== "groups") {
      c.error(`field ${k} not found in rule file`, kn, { key: k });
      continue;
    }
    if (v === null || (isScalar(v) && v.value === null)) continue;
    if (!isSeq(v)) {
      c.error("'groups' must be a list", v, { key: "groups" });
      continue;
    }
    for (const g of v.items) {
      const group = loadGroup(c, g as YamlNode, seen);
      if (group) groups.push(group);
    }
  }
  return c.errors.length > 0 ? { groups: [], errors: c.errors } : { groups, errors: [] };
}

/** Reads and validates a rule file from disk. */
export function loadRuleFile(path: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return { groups: [], errors: [new RuleLoadError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file: path })] };
  }
  return loadRuleText(text, path);
}

export function countRules(groups: readonly RuleGroupSpec[]): number {
  return groups.reduce((n, g) => n + g.rules.length, 0);
}
