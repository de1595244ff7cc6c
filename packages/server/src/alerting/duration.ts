/** Prometheus durations: 1y2w3d4h5m6s7ms in that order, each unit at most once, or "0". */
const UNITS: [string, number][] = [
  ["y", 365 * 86_400_000],
  ["w", 7 * 86_400_000],
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
];
const RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** → milliseconds, or undefined when the text is not a Prometheus duration. */
export function parseDuration(text: string): number | undefined {
  if (text === "0") return 0;
  if (text === "") return undefined;
  const m = RE.exec(text);
  if (!m) return undefined;
  let ms = 0;
  UNITS.forEach(([, f], i) => {
    if (m[i + 1] !== undefined) ms += Number(m[i + 1]) * f;
  });
  return ms;
}

/** Milliseconds → the shortest Prometheus duration ("1h30m", "0s"). */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  for (const [u, f] of UNITS) {
    if (u === "y" || u === "w") continue;
    const n = Math.floor(rest / f);
    if (n > 0) {
      out += `${n}${u}`;
      rest -= n * f;
    }
  }
  return out;
}
