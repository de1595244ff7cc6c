// A series selector as /api/v1/series and friends take in match[]: `name`, `name{...}` or
// `{...}` with =, !=, =~, !~ matchers and PromQL string literals ("…", '…', `…`).
// The metadata endpoints need only this, so they do not wait for the PromQL parser.
import type { CompiledMatcher } from "../../tsdb/matchers.ts";
import type { LabelMatcher, MatchType } from "../../tsdb/types.ts";
import { compileMatchers } from "../../tsdb/matchers.ts";

export class SelectorError extends Error {
  override name = "SelectorError";
  readonly position: number;
  constructor(position: number, message: string) {
    super(`1:${position + 1}: parse error: ${message}`);
    this.position = position;
  }
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const SPACE = /\s*/y;
const ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'" };

export function parseSelector(text: string): LabelMatcher[] {
  let pos = 0;
  const skip = () => {
    SPACE.lastIndex = pos;
    SPACE.exec(text);
    pos = SPACE.lastIndex;
  };
  const take = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    pos = re.lastIndex;
    return m[0];
  };
  const out: LabelMatcher[] = [];
  skip();
  const metric = take(NAME);
  if (metric !== undefined) out.push({ name: "__name__", type: "=", value: metric });
  skip();
  if (text[pos] === "{") {
    pos++;
    skip();
    while (text[pos] !== "}") {
      const name = take(LABEL) ?? take(/"(?:[^"\\]|\\.)*"/y);
      if (name === undefined) throw new SelectorError(pos, `unexpected ${describe(text, pos)} in label matching, expected label`);
      skip();
      const op = take(/=~|!~|!=|=/y) as MatchType | undefined;
      if (op === undefined) throw new SelectorError(pos, `unexpected ${describe(text, pos)} in label matching, expected label matching operator`);
      skip();
      const value = readString(text, pos);
      pos = value.end;
      out.push({ name: name.startsWith('"') ? readString(name, 0).value : name, type: op, value: value.value });
      skip();
      if (text[pos] === ",") {
        pos++;
        skip();
      } else if (text[pos] !== "}") throw new SelectorError(pos, `unexpected ${describe(text, pos)} in label matching, expected "," or "}"`);
    }
    pos++;
    skip();
  }
  if (pos < text.length) throw new SelectorError(pos, `unexpected ${describe(text, pos)}`);
  if (out.length === 0) throw new SelectorError(0, "unexpected end of input, expected a series selector");
  let compiled: CompiledMatcher[];
  try {
    compiled = compileMatchers(out);
  } catch (err) {
    throw new SelectorError(0, (err as Error).message);
  }
  if (compiled.every((m) => m.matchesEmpty)) throw new SelectorError(0, "vector selector must contain at least one non-empty matcher");
  return out;
}

function describe(text: string, pos: number): string {
  return pos >= text.length ? "end of input" : `character ${JSON.stringify(text[pos])}`;
}

function readString(text: string, start: number): { value: string; end: number } {
  const q = text[start];
  if (q !== '"' && q !== "'" && q !== "`") throw new SelectorError(start, `unexpected ${describe(text, start)}, expected a string`);
  let i = start + 1;
  let value = "";
  while (i < text.length && text[i] !== q) {
    const c = text[i]!;
    if (c === "\\" && q !== "`") {
      const e = text[i + 1];
      if (e === undefined) break;
      if (ESCAPES[e] !== undefined) {
        value += ESCAPES[e];
        i += 2;
      } else if (e === "x" || e === "u" || e === "U") {
        const n = e === "x" ? 2 : e === "u" ? 4 : 8;
        const hex = text.slice(i + 2, i + 2 + n);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) throw new SelectorError(i, "invalid escape sequence");
        value += e === "x" ? String.fromCharCode(Number.parseInt(hex, 16)) : String.fromCodePoint(Number.parseInt(hex, 16));
        i += 2 + n;
      } else throw new SelectorError(i, `unknown escape sequence \\${e}`);
    } else {
      value += c;
      i++;
    }
  }
  if (i >= text.length) throw new SelectorError(start, "unterminated quoted string");
  return { value, end: i + 1 };
}
