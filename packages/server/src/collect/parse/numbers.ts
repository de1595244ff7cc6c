// Number and label syntax of mntr values (plain, Prometheus-provider and AdminServer spellings).

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Digits with an optional leading minus and at most one inner dot ("12", "-0.5"). */
function isPlainDecimal(t: string): boolean {
  let i = t.charCodeAt(0) === 45 ? 1 : 0;
  const first = i;
  let dot = -1;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 46 && dot < 0) dot = i;
    else if (c < 48 || c > 57) return false;
  }
  return t.length > first && dot !== first && dot !== t.length - 1;
}

export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const c = t.charCodeAt(0);
  // Fast path: plain decimals such as "12" or "-0.5" (most mntr values), without the regex.
  if ((c >= 48 && c <= 57) || c === 45) {
    if (isPlainDecimal(t)) return Number(t);
    const n = Number(t);
    if (!Number.isNaN(n) && NUMERIC.test(t)) return n;
  }
  if (t === "NaN") return Number.NaN;
  if (t === "+Inf" || t === "Infinity") return Number.POSITIVE_INFINITY;
  if (t === "-Inf" || t === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (!NUMERIC.test(t)) return undefined;
  return Number(t);
}

/** Parses `{a="x",b="y \"q\""}` into a label map; undefined when malformed. */
export function parseLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(text.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    let value = "";
    for (;;) {
      if (i >= text.length) return undefined;
      const c = text[i++];
      if (c === "\\") {
        const n = text[i++];
        value += n === "n" ? "\n" : (n ?? "");
      } else if (c === '"') break;
      else value += c;
    }
    labels[m[1]!] = value;
    const rest = /^\s*,?\s*/.exec(text.slice(i));
    i += rest ? rest[0].length : 0;
  }
  return labels;
}

/**
 * The value of `text[from, to)` when it is a plain decimal integer (optional minus sign, at most
 * 15 digits, nothing else), computed without cutting a substring; undefined otherwise.
 */
export function plainInteger(text: string, from: number, to: number): number | undefined {
  let i = from;
  let negative = false;
  if (i < to && text.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  if (i >= to || to - i > 15) return undefined;
  let n = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return negative ? -n : n;
}

export const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `text[from, to)` as a number when it is a plain integer or decimal ("12", "-0.5", "79.0") of at
 * most 15 digits, without cutting a substring. Digits and the power of ten are exact doubles, so
 * the one division is correctly rounded: the same number as Number(text). Undefined otherwise.
 */
export function plainNumber(text: string, from: number, to: number): number | undefined {
  let i = from;
  const negative = i < to && text.charCodeAt(i) === 45;
  if (negative) i++;
  let n = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && fraction < 0 && digits > 0) fraction = 0;
    else if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else return undefined;
  }
  if (digits === 0 || digits > 15 || fraction === 0) return undefined;
  const v = fraction > 0 ? n / POW10[fraction]! : n;
  return negative ? -v : v;
}
