// Prometheus durations (model.ParseDuration / Duration.String): "1y2w3d4h5m6s7ms", units
// y=365d, w=7d; "0" alone is allowed; the empty string is not.

const UNITS: readonly [string, number][] = [
  ["y", 365 * 24 * 3600_000],
  ["w", 7 * 24 * 3600_000],
  ["d", 24 * 3600_000],
  ["h", 3600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
];

const PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds, or undefined when `text` is not a Prometheus duration. */
export function parseDuration(text: string): number | undefined {
  if (text === "0") return 0;
  if (text === "") return undefined;
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  let ms = 0;
  for (let i = 0; i < UNITS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * UNITS[i]![1];
  }
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Formats milliseconds as Prometheus does ("1h30m", "0s", "1d", "500ms"). */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = Math.abs(ms);
  let out = ms < 0 ? "-" : "";
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
