// Literal text → values: numbers (decimal, hex, Inf, NaN, durations as seconds), durations (ms)
// and Go-style quoted strings. Ports promql/parser/lex.go + strconv semantics that matter here.

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** "1h30m" → 5_400_000; undefined when the text is not a unit duration. Ports model.ParseDuration. */
export function parseUnitDuration(text: string): number | undefined {
  if (text === "" || !DURATION_RE.test(text)) return undefined;
  const m = DURATION_RE.exec(text);
  if (!m) return undefined;
  const units = ["y", "w", "d", "h", "m", "s", "ms"];
  let total = 0;
  let any = false;
  for (let i = 0; i < units.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) {
      any = true;
      total += Number(part) * (UNIT_MS[units[i] as string] as number);
    }
  }
  return any ? total : undefined;
}

/** A duration in a duration context ("5m", "1.5" seconds, "0x10" seconds) → ms. */
export function parseDurationMs(text: string): number | undefined {
  const unit = parseUnitDuration(text);
  if (unit !== undefined) return unit;
  const n = parseNumber(text);
  if (n === undefined || !Number.isFinite(n)) return undefined;
  return Math.round(n * 1000);
}

/** A number literal: 1, 1.5, .5, 2., 1e3, 0x1F, 0o17, 017 (octal, as Go's ParseInt base 0), Inf, NaN, or a duration in seconds. */
export function parseNumber(text: string): number | undefined {
  const lower = text.toLowerCase();
  if ((text[0] === "-" || text[0] === "+") && text.length > 1) {
    const v = parseNumber(text.slice(1).trimStart());
    return v === undefined ? undefined : text[0] === "-" ? -v : v;
  }
  if (lower === "inf" || lower === "+inf") return Number.POSITIVE_INFINITY;
  if (lower === "-inf") return Number.NEGATIVE_INFINITY;
  if (lower === "nan") return Number.NaN;
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^0o[0-7]+$/i.test(text)) return Number.parseInt(text.slice(2), 8);
  if (/^0b[01]+$/i.test(text)) return Number.parseInt(text.slice(2), 2);
  if (/^0[0-7]+$/.test(text)) return Number.parseInt(text.slice(1), 8);
  if (/^[0-9]*\.?[0-9]*(e[+-]?[0-9]+)?$/i.test(text) && /[0-9]/.test(text)) return Number(text.endsWith(".") ? text.slice(0, -1) : text);
  const d = parseUnitDuration(text);
  if (d !== undefined) return d / 1000;
  return undefined;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  "\\": 92,
  "'": 39,
  '"': 34,
};

/** Unquotes a Go-style string literal ("...", '...' or `...`); throws Error with a message on a bad escape. */
export function unquoteString(text: string): string {
  const q = text[0];
  if (text.length < 2 || text[text.length - 1] !== q) throw new Error(`unterminated quoted string ${text}`);
  const body = text.slice(1, -1);
  if (q === "`") return body;
  if (!body.includes("\\")) return body;
  const bytes: number[] = [];
  const pushString = (s: string) => {
    for (const b of Buffer.from(s, "utf8")) bytes.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      const cp = body.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      pushString(ch);
      i += ch.length - 1;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new Error("escape sequence not terminated");
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      if ((e === "'" && q === '"') || (e === '"' && q === "'")) throw new Error(`unknown escape sequence \\${e}`);
      bytes.push(simple);
    } else if (e === "x") {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error("illegal character in escape sequence");
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (e >= "0" && e <= "7") {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || Number.parseInt(oct, 8) > 255) throw new Error("illegal character in escape sequence");
      bytes.push(Number.parseInt(oct, 8));
      i += 2;
    } else if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw new Error("illegal character in escape sequence");
      const cp = Number.parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) throw new Error("escape sequence is an invalid Unicode code point");
      pushString(String.fromCodePoint(cp));
      i += n;
    } else {
      throw new Error(`unknown escape sequence \\${e}`);
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
