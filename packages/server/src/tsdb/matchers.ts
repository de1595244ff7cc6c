// Label matchers compiled once per select: regexes as Prometheus takes them (RE2 syntax, anchored, dot-all).
import type { LabelMatcher, Labels } from "./types.ts";
import { compileRegex } from "./label-regex.ts";
import { InvalidMatcherError } from "./types.ts";

export interface CompiledMatcher {
  name: string;
  matches(value: string): boolean;
  /** True when the matcher accepts the empty string (so series without the label match). */
  matchesEmpty: boolean;
  /** The one value an equality matcher accepts (postings lookup), if it is that kind. */
  equals?: string;
}

export function compileMatcher(m: LabelMatcher): CompiledMatcher {
  let matches: (v: string) => boolean;
  switch (m.type) {
    case "=":
      matches = (v) => v === m.value;
      break;
    case "!=":
      matches = (v) => v !== m.value;
      break;
    case "=~":
    case "!~": {
      let re: RegExp;
      try {
        // RE2 syntax as Prometheus takes it ((?i), (?P<n>...)), anchored and dot-all.
        re = compileRegex(m.value);
      } catch (err) {
        throw new InvalidMatcherError(m, (err as Error).message);
      }
      matches = m.type === "=~" ? (v) => re.test(v) : (v) => !re.test(v);
      break;
    }
    default:
      throw new InvalidMatcherError(m, `unknown match type '${String(m.type)}'`);
  }
  const out: CompiledMatcher = { name: m.name, matches, matchesEmpty: matches("") };
  if (m.type === "=" && m.value !== "") out.equals = m.value;
  return out;
}

export function compileMatchers(ms: readonly LabelMatcher[]): CompiledMatcher[] {
  return ms.map(compileMatcher);
}

export function matchesAll(labels: Labels, ms: readonly CompiledMatcher[]): boolean {
  for (const m of ms) if (!m.matches(labels[m.name] ?? "")) return false;
  return true;
}
