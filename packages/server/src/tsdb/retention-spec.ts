// Retention settings as Prometheus spells them: durations like 15d, 12h, 1w, 90m, 1y (and
// combinations such as 1d12h); sizes like 512MB, 10GB, 1.5TB (base 1024, as Prometheus).
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4, PB: 1024 ** 5 };

export class RetentionSpecError extends Error {
  override name = "RetentionSpecError";
}

export function parseDuration(text: string): number {
  const parts = /^(?:\d+(?:ms|[smhdwy]))+$/.test(text) ? text.match(/\d+(?:ms|[smhdwy])/g)! : null;
  if (!parts) throw new RetentionSpecError(`not a duration: '${text}' (use e.g. 15d, 12h, 1w, 90m)`);
  let ms = 0;
  for (const p of parts) {
    const m = /^(\d+)(ms|[smhdwy])$/.exec(p)!;
    ms += Number(m[1]) * DURATION_UNITS[m[2]!]!;
  }
  if (ms <= 0) throw new RetentionSpecError(`duration must be positive: '${text}'`);
  return ms;
}

export function parseByteSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(B|KB|MB|GB|TB|PB)$/i.exec(text);
  if (!m) throw new RetentionSpecError(`not a size: '${text}' (use e.g. 512MB, 10GB)`);
  const bytes = Math.floor(Number(m[1]) * SIZE_UNITS[m[2]!.toUpperCase()]!);
  if (bytes <= 0) throw new RetentionSpecError(`size must be positive: '${text}'`);
  return bytes;
}
