// Go's fmt formatting of numbers and values, as far as Prometheus templates need it: %v of a
// float64 (shortest digits, exponent form when exp < -4 or exp >= 6, as strconv's 'g' with
// precision -1), %.Ng, %.Nf,
// %e, %d, %s, %q and Sprintf over those verbs.

function expString(exp: number): string {
  const sign = exp < 0 ? "-" : "+";
  const abs = Math.abs(exp);
  return `e${sign}${abs < 10 ? `0${abs}` : abs}`;
}

function specials(v: number): string | undefined {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  return undefined;
}

function stripZeros(digits: string): string {
  return digits.includes(".") ? digits.replace(/0+$/, "").replace(/\.$/, "") : digits;
}

/** Go's %.{prec}g (trailing zeros removed, exponent with at least two digits). */
export function goG(v: number, prec: number): string {
  const s = specials(v);
  if (s !== undefined) return s;
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const p = prec === 0 ? 1 : prec;
  const e = v.toExponential(p - 1);
  const [mant, expText] = e.split("e") as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= p) return `${stripZeros(mant)}${expString(exp)}`;
  return stripZeros(v.toFixed(Math.max(0, p - 1 - exp)));
}

/** Go's %v (and %g without precision) of a float64: shortest round-trip digits. */
export function goV(v: number): string {
  const s = specials(v);
  if (s !== undefined) return s;
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const e = v.toExponential(); // shortest digits
  const [mant, expText] = e.split("e") as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mant}${expString(exp)}`;
  return String(v);
}

/** Go's %e with precision. */
export function goE(v: number, prec: number): string {
  const s = specials(v);
  if (s !== undefined) return s;
  const [mant, expText] = v.toExponential(prec).split("e") as [string, string];
  return `${mant}${expString(Number(expText))}`;
}

/** Go's %.{prec}f */
export function goF(v: number, prec: number): string {
  const s = specials(v);
  if (s !== undefined) return s;
  if (Math.abs(v) >= 1e21) return BigInt(Math.round(v)).toString() + (prec > 0 ? `.${"0".repeat(prec)}` : "");
  return fixedHalfEven(v, prec);
}

/** toFixed, but exact ties round to even as Go's strconv does (JS rounds them up). */
function fixedHalfEven(v: number, prec: number): string {
  const scaled = Math.abs(v) * 10 ** prec;
  if (scaled < 2 ** 52 && !Number.isInteger(scaled) && Number.isInteger(scaled * 2)) {
    const n = Math.floor(scaled);
    const even = n % 2 === 0 ? n : n + 1;
    return (Math.sign(v) * (even / 10 ** prec)).toFixed(prec);
  }
  return v.toFixed(prec);
}

/** A template value as Go's fmt.Sprint prints it. */
export function goPrint(v: unknown): string {
  if (v === undefined || v === null) return "<no value>";
  if (typeof v === "number") return goV(v);
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[${v.map(goPrint).join(" ")}]`;
  if (typeof v === "object") {
    const entries = Object.keys(v as object)
      .sort()
      .map((k) => `${k}:${goPrint((v as Record<string, unknown>)[k])}`);
    return `map[${entries.join(" ")}]`;
  }
  return String(v);
}

function pad(text: string, width: number | undefined, left: boolean, zero: boolean): string {
  if (width === undefined || text.length >= width) return text;
  if (left) return text.padEnd(width);
  if (zero && /^[+-]?\d/.test(text)) {
    const sign = /^[+-]/.test(text) ? text[0]! : "";
    return sign + text.slice(sign.length).padStart(width - sign.length, "0");
  }
  return text.padStart(width);
}

const VERB = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g;

/** Go's fmt.Sprintf over the verbs templates use (%v %s %d %f %g %e %q %x %t %%). */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let i = 0;
  let out = format.replace(VERB, (_all, flags: string, widthText: string | undefined, precText: string | undefined, verb: string) => {
    if (verb === "%") return "%";
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[i++];
    const width = widthText === undefined ? undefined : Number(widthText);
    const prec = precText === undefined ? undefined : Number(precText || "0");
    const plus = flags.includes("+");
    const sign = (s: string, n: number) => (plus && n >= 0 && !s.startsWith("+") ? `+${s}` : s);
    let text: string;
    switch (verb) {
      case "v":
      case "s":
        text = typeof arg === "number" && verb === "s" ? `%!s(float64=${goV(arg)})` : goPrint(arg);
        if (prec !== undefined && typeof arg === "string") text = text.slice(0, prec);
        break;
      case "q":
        text = JSON.stringify(goPrint(arg));
        break;
      case "t":
        text = typeof arg === "boolean" ? String(arg) : `%!t(${goPrint(arg)})`;
        break;
      case "d":
        if (typeof arg === "number" && Number.isInteger(arg)) text = sign(String(arg), arg);
        else text = `%!d(${typeof arg === "number" ? "float64" : typeof arg}=${goPrint(arg)})`;
        break;
      case "x":
        if (typeof arg === "number" && Number.isInteger(arg)) text = arg.toString(16);
        else if (typeof arg === "string") text = Buffer.from(arg).toString("hex");
        else text = `%!x(${goPrint(arg)})`;
        break;
      case "f":
      case "F":
      case "g":
      case "e": {
        const n = typeof arg === "number" ? arg : Number.NaN;
        if (typeof arg !== "number") {
          text = `%!${verb}(${typeof arg === "string" ? "string" : typeof arg}=${goPrint(arg)})`;
          break;
        }
        if (verb === "g") text = prec === undefined ? goV(n) : goG(n, prec);
        else if (verb === "e") text = goE(n, prec ?? 6);
        else text = goF(n, prec ?? 6);
        text = sign(text, n);
        break;
      }
      default:
        text = `%!${verb}(${goPrint(arg)})`;
    }
    return pad(text, width, flags.includes("-"), flags.includes("0"));
  });
  if (i < args.length) out += `%!(EXTRA ${args.slice(i).map((a) => `${typeof a === "number" ? "float64" : "string"}=${goPrint(a)}`).join(", ")})`;
  return out;
}
