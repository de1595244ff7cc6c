/**
 * Validates the alerting part of zoosight.yaml (route, receivers, inhibit_rules, global) from a
 * plain object. With a source (file + lineOf) errors read "file:line: key: problem"; otherwise
 * "key: problem". Secret values (auth_password, URLs) are never quoted in errors.
 */
import { parseDuration } from "../duration.ts";
import { type Matcher, MatcherError, matcher, parseMatcher } from "../matcher.ts";
import { AlertingConfigError } from "./config-error.ts";
import { parseReceiver } from "./parse-receivers.ts";
import { type AlertingConfig, type InhibitRuleConfig, ROUTE_DEFAULTS, type RouteConfig } from "./types.ts";

export type Path = (string | number)[];

export interface ConfigSource {
  file: string;
  /** Line of the node at this path (or undefined). */
  lineOf(path: Path): number | undefined;
}

export class Ctx {
  constructor(readonly source?: ConfigSource) {}

  key(path: Path): string {
    return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
  }

  fail(path: Path, problem: string): never {
    let line: number | undefined;
    for (let n = path.length; n >= 0 && line === undefined; n--) line = this.source?.lineOf(path.slice(0, n));
    throw new AlertingConfigError(this.key(path), problem, this.source?.file, this.source ? (line ?? 0) : undefined);
  }

  obj(v: unknown, path: Path, allowed: string[]): Record<string, unknown> {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(path, "must be a mapping");
    for (const k of Object.keys(v)) if (!allowed.includes(k)) this.fail([...path, k], `unknown key (allowed: ${allowed.join(", ")})`);
    return v as Record<string, unknown>;
  }

  list(v: unknown, path: Path): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(path, "must be a list");
    return v;
  }

  str(v: unknown, path: Path, opts: { secret?: boolean; optional?: boolean } = {}): string | undefined {
    if (v === undefined || v === null) {
      if (opts.optional) return undefined;
      this.fail(path, "is required");
    }
    if (typeof v !== "string" && typeof v !== "number") this.fail(path, "must be a string");
    const s = String(v);
    if (s.trim() === "" && !opts.optional) this.fail(path, "must not be empty");
    return s;
  }

  reqStr(v: unknown, path: Path, secret = false): string {
    return this.str(v, path, { secret }) as string;
  }

  bool(v: unknown, path: Path, dflt: boolean): boolean {
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "boolean") this.fail(path, "must be true or false");
    return v;
  }

  int(v: unknown, path: Path, dflt: number): number {
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) this.fail(path, "must be a whole number ≥ 0");
    return v;
  }

  duration(v: unknown, path: Path, dflt: number, positive = true): number {
    if (v === undefined || v === null) return dflt;
    const text = String(v);
    const ms = parseDuration(text);
    if (ms === undefined) this.fail(path, `'${text}' is not a duration (e.g. 100ms, 5s, 1h30m)`);
    if (positive && ms <= 0) this.fail(path, "must be greater than 0");
    return ms;
  }

  url(v: unknown, path: Path): string {
    const s = this.reqStr(v, path, true);
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      this.fail(path, "is not a valid URL");
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") this.fail(path, "must be an http:// or https:// URL");
    return s;
  }

  matchers(v: unknown, path: Path): Matcher[] {
    return this.list(v, path).map((m, i) => {
      try {
        return parseMatcher(this.reqStr(m, [...path, i]));
      } catch (err) {
        if (err instanceof MatcherError) this.fail([...path, i], err.message);
        throw err;
      }
    });
  }
}

function legacyMatchers(c: Ctx, r: Record<string, unknown>, path: Path): Matcher[] {
  const out: Matcher[] = [];
  if (r.match !== undefined) {
    const m = c.obj(r.match, [...path, "match"], Object.keys(r.match ?? {}));
    for (const [k, v] of Object.entries(m)) out.push(matcher(k, "=", c.reqStr(v, [...path, "match", k])));
  }
  if (r.match_re !== undefined) {
    const m = c.obj(r.match_re, [...path, "match_re"], Object.keys(r.match_re ?? {}));
    for (const [k, v] of Object.entries(m)) {
      try {
        out.push(matcher(k, "=~", c.reqStr(v, [...path, "match_re", k])));
      } catch (err) {
        if (err instanceof MatcherError) c.fail([...path, "match_re", k], err.message);
        throw err;
      }
    }
  }
  return out;
}

const ROUTE_KEYS = ["receiver", "group_by", "group_wait", "group_interval", "repeat_interval", "matchers", "match", "match_re", "continue", "routes"];

function parseRoute(c: Ctx, v: unknown, path: Path, parent: RouteConfig | undefined, receivers: Set<string>): RouteConfig {
  const r = c.obj(v, path, ROUTE_KEYS);
  const receiver = r.receiver === undefined && parent ? parent.receiver : c.reqStr(r.receiver, [...path, "receiver"]);
  if (!receivers.has(receiver)) c.fail([...path, "receiver"], `unknown receiver '${receiver}' (defined: ${[...receivers].join(", ") || "none"})`);
  let groupBy: string[] | null = parent ? parent.groupBy : [...ROUTE_DEFAULTS.groupBy];
  if (r.group_by !== undefined) {
    const g = c.list(r.group_by, [...path, "group_by"]).map((x, i) => c.reqStr(x, [...path, "group_by", i]));
    if (g.includes("...")) {
      if (g.length > 1) c.fail([...path, "group_by"], "'...' must be the only element");
      groupBy = null;
    } else {
      g.forEach((n, i) => {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) c.fail([...path, "group_by", i], `'${n}' is not a label name`);
      });
      groupBy = g;
    }
  }
  if (!parent && (r.matchers !== undefined || r.match !== undefined || r.match_re !== undefined)) c.fail(path, "the root route must not have matchers");
  if (!parent && r.continue !== undefined) c.fail([...path, "continue"], "the root route cannot have continue");
  const route: RouteConfig = {
    receiver,
    groupBy,
    groupWaitMs: c.duration(r.group_wait, [...path, "group_wait"], parent?.groupWaitMs ?? ROUTE_DEFAULTS.groupWaitMs, false),
    groupIntervalMs: c.duration(r.group_interval, [...path, "group_interval"], parent?.groupIntervalMs ?? ROUTE_DEFAULTS.groupIntervalMs),
    repeatIntervalMs: c.duration(r.repeat_interval, [...path, "repeat_interval"], parent?.repeatIntervalMs ?? ROUTE_DEFAULTS.repeatIntervalMs),
    matchers: [...c.matchers(r.matchers, [...path, "matchers"]), ...legacyMatchers(c, r, path)],
    continue: c.bool(r.continue, [...path, "continue"], false),
    routes: [],
  };
  route.routes = c.list(r.routes, [...path, "routes"]).map((child, i) => parseRoute(c, child, [...path, "routes", i], route, receivers));
  return route;
}

function parseInhibit(c: Ctx, v: unknown, path: Path): InhibitRuleConfig {
  const r = c.obj(v, path, ["name", "source_matchers", "target_matchers", "equal", "source_match", "source_match_re", "target_match", "target_match_re"]);
  const legacy = (k: string, type: "=" | "=~"): Matcher[] =>
    r[k] === undefined ? [] : Object.entries(c.obj(r[k], [...path, k], Object.keys(r[k] ?? {}))).map(([n, val]) => matcher(n, type, c.reqStr(val, [...path, k, n])));
  const rule: InhibitRuleConfig = {
    sourceMatchers: [...c.matchers(r.source_matchers, [...path, "source_matchers"]), ...legacy("source_match", "="), ...legacy("source_match_re", "=~")],
    targetMatchers: [...c.matchers(r.target_matchers, [...path, "target_matchers"]), ...legacy("target_match", "="), ...legacy("target_match_re", "=~")],
    equal: c.list(r.equal, [...path, "equal"]).map((x, i) => c.reqStr(x, [...path, "equal", i])),
  };
  if (rule.sourceMatchers.length === 0) c.fail([...path, "source_matchers"], "at least one source matcher is required");
  if (rule.targetMatchers.length === 0) c.fail([...path, "target_matchers"], "at least one target matcher is required");
  return rule;
}

const ROOT_KEYS = ["global", "route", "receivers", "inhibit_rules", "templates"];

/**
 * Reads `global`, `route`, `receivers` and `inhibit_rules` from the zoosight configuration root
 * (other top-level keys belong to other parts and are ignored). Throws AlertingConfigError.
 */
export function parseAlertingConfig(root: unknown, source?: ConfigSource): AlertingConfig {
  const c = new Ctx(source);
  if (typeof root !== "object" || root === null || Array.isArray(root)) c.fail(["(document)"], "must be a mapping");
  const all = root as Record<string, unknown>;
  const picked = Object.fromEntries(Object.entries(all).filter(([k]) => ROOT_KEYS.includes(k)));
  const g = picked.global === undefined ? {} : c.obj(picked.global, ["global"], ["resolve_timeout", "slack_api_url", "smtp_from", "smtp_smarthost", "smtp_auth_username", "smtp_auth_password", "smtp_require_tls"]);
  const receiverList = c.list(picked.receivers, ["receivers"]);
  if (receiverList.length === 0) c.fail(["receivers"], "at least one receiver is required");
  const receivers = receiverList.map((r, i) => parseReceiver(c, r, ["receivers", i], g));
  const names = new Set<string>();
  receivers.forEach((r, i) => {
    if (names.has(r.name)) c.fail(["receivers", i, "name"], `duplicate receiver name '${r.name}'`);
    names.add(r.name);
  });
  if (picked.route === undefined) c.fail(["route"], "is required");
  const route = parseRoute(c, picked.route, ["route"], undefined, names);
  const inhibitRules = c.list(picked.inhibit_rules, ["inhibit_rules"]).map((r, i) => parseInhibit(c, r, ["inhibit_rules", i]));
  return { route, receivers, inhibitRules, resolveTimeoutMs: c.duration(g.resolve_timeout, ["global", "resolve_timeout"], 300_000) };
}
