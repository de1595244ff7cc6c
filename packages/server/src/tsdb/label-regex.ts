// RE2 (Go regexp) patterns → JavaScript RegExp, anchored and dot-all as Prometheus compiles label
// matchers and label_replace regexes ("^(?s:" + re + ")$"). Translates what JS lacks on Node 20:
// inline case-insensitivity `(?i)` / `(?i:...)` (expanded to [xX] classes) and `(?P<name>`.
const cache = new Map<string, RegExp>();

function bothCases(c: string): string {
  const l = c.toLowerCase();
  const u = c.toUpperCase();
  return l === u ? c : `${l}${u}`;
}

function translate(p: string): string {
  let out = "";
  const stack: boolean[] = [];
  let ci = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === "\\") {
      out += c + (p[i + 1] ?? "");
      i++;
    } else if (c === "[") {
      let j = i + 1;
      let cls = "[";
      if (p[j] === "^") cls += p[j++];
      if (p[j] === "]") cls += `\\${p[j++]}`;
      for (; j < p.length && p[j] !== "]"; j++) {
        const d = p[j] as string;
        if (d === "\\") {
          cls += d + (p[j + 1] ?? "");
          j++;
        } else if (d === "[" && p[j + 1] === ":") {
          const end = p.indexOf(":]", j);
          cls += p.slice(j, end + 2);
          j = end + 1;
        } else if (ci && p[j + 1] === "-" && p[j + 2] !== undefined && p[j + 2] !== "]") {
          const hi = p[j + 2] as string;
          cls += `${d}-${hi}`;
          if (/[a-zA-Z]/.test(d) && /[a-zA-Z]/.test(hi)) cls += `${bothCases(d).replace(d, "")}-${bothCases(hi).replace(hi, "")}`;
          j += 2;
        } else cls += ci ? bothCases(d) : d;
      }
      out += `${cls}]`;
      i = j;
    } else if (c === "(" && p[i + 1] === "?") {
      const m = /^\(\?([imsU]*)(?:-([imsU]*))?(\)|:)/.exec(p.slice(i));
      if (m) {
        const on = (m[1] ?? "").includes("i");
        const off = (m[2] ?? "").includes("i");
        const next: boolean = on ? true : off ? false : ci;
        if (m[3] === ")") ci = next;
        else {
          stack.push(ci);
          ci = next;
          out += "(?:";
        }
        i += m[0].length - 1;
      } else if (p.startsWith("(?P<", i)) {
        stack.push(ci);
        out += "(?<";
        i += 3;
      } else {
        stack.push(ci);
        out += c;
      }
    } else if (c === "(") {
      stack.push(ci);
      out += c;
    } else if (c === ")") {
      ci = stack.pop() ?? false;
      out += c;
    } else if (ci && /[a-zA-Z]/.test(c) && bothCases(c).length === 2) {
      out += `[${bothCases(c)}]`;
    } else out += c;
  }
  return out;
}

/** Compiles an RE2 pattern as a fully anchored, dot-all RegExp; throws SyntaxError when invalid. */
export function compileRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${translate(pattern)})$`, "su");
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}
