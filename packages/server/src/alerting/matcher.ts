/**
 * Label matchers as Alertmanager writes them: `a="b"`, `a!="b"`, `a=~"x.*"`, `a!~"x"` (quotes optional
 * for simple values), lists in braces `{a="b", c=~"d"}`. Regexes are anchored like Prometheus's.
 */
import type { Labels } from "../tsdb/types.ts";

export type MatcherType = "=" | "!=" | "=~" | "!~";

export interface Matcher {
  name: string;
  type: MatcherType;
  value: string;
}

export class MatcherError extends Error {
  override name = "MatcherError";
  constructor(
    readonly input: string,
    problem: string,
  ) {
    super(`bad matcher '${input}': ${problem}`);
  }
}

const cache = new Map<string, RegExp>();
function regex(value: string): RegExp {
  let re = cache.get(value);
  if (!re) {
    re = new RegExp(`^(?:${value})$`, "su");
    if (cache.size > 1000) cache.clear();
    cache.set(value, re);
  }
  return re;
}

export function matcher(name: string, type: MatcherType, value: string): Matcher {
  const m = { name, type, value };
  if (type === "=~" || type === "!~") {
    try {
      regex(value);
    } catch (err) {
      throw new MatcherError(`${name}${type}"${value}"`, `invalid regular expression: ${(err as Error).message}`);
    }
  }
  return m;
}

export function matches(m: Matcher, labels: Labels): boolean {
  const v = labels[m.name] ?? "";
  switch (m.type) {
    case "=":
      return v === m.value;
    case "!=":
      return v !== m.value;
    case "=~":
      return regex(m.value).test(v);
    case "!~":
      return !regex(m.value).test(v);
  }
}

export function matchesAll(ms: readonly Matcher[], labels: Labels): boolean {
  return ms.every((m) => matches(m, labels));
}

function unquote(raw: string, input: string): string {
  if (!raw.startsWith('"')) return raw;
  if (raw.length < 2 || !raw.endsWith('"')) throw new MatcherError(input, "unterminated quoted value");
  try {
    return JSON.parse(raw) as string;
  } catch {
    throw new MatcherError(input, "bad escape in quoted value");
  }
}

const ONE = /^\s*([A-Za-z_][A-Za-z0-9_]*|"(?:[^"\\]|\\.)*")\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|[^",{}=~!]*?)\s*$/su;

/** One matcher: `name op value`. */
export function parseMatcher(input: string): Matcher {
  const m = ONE.exec(input);
  if (!m) throw new MatcherError(input, 'expected name="value", name!="value", name=~"regex" or name!~"regex"');
  const name = unquote(m[1]!, input);
  return matcher(name, m[2] as MatcherType, unquote(m[3]!, input));
}

/** Splits on commas outside quotes. */
function split(body: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted && c === "\\") {
      cur += c + (body[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== "");
}

/** `{a="b", c=~"d"}` or `a="b", c=~"d"` → matchers. */
export function parseMatchers(input: string): Matcher[] {
  let body = input.trim();
  if (body.startsWith("{")) {
    if (!body.endsWith("}")) throw new MatcherError(input, "missing closing '}'");
    body = body.slice(1, -1);
  }
  return split(body).map(parseMatcher);
}

export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.type}${JSON.stringify(m.value)}`;
}

export function formatMatchers(ms: readonly Matcher[]): string {
  return `{${ms.map(formatMatcher).join(",")}}`;
}
