// Prometheus text exposition format 0.0.4: # HELP, # TYPE, then samples.
import type { FamilyMeta, Sample } from "../collect/appender.ts";

export interface Family extends FamilyMeta {
  name: string;
  /** Sample names may extend the family name (_sum, _count for summaries). */
  samples: Sample[];
}

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(v);
}

export function formatSample(s: Sample): string {
  const entries = Object.entries(s.labels);
  const labels = entries.length === 0 ? "" : `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
  return `${s.name}${labels} ${formatValue(s.value)}`;
}

export function renderExposition(families: Iterable<Family>): string {
  const out: string[] = [];
  for (const f of families) {
    if (f.samples.length === 0) continue;
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`);
    out.push(`# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) out.push(formatSample(s));
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

/** Collects samples into families; the first declaration of a family name wins. */
export class FamilySet {
  readonly #families = new Map<string, Family>();
  /** Samples dropped because their family was declared with another type. */
  conflicts = 0;

  add(name: string, meta: FamilyMeta, labels: Record<string, string>, value: number, sampleName = name): void {
    let f = this.#families.get(name);
    if (!f) {
      f = { name, ...meta, samples: [] };
      this.#families.set(name, f);
    } else if (f.type !== meta.type) {
      this.conflicts++;
      return;
    }
    f.samples.push({ name: sampleName, labels, value });
  }

  has(name: string): boolean {
    return this.#families.has(name);
  }

  families(): Family[] {
    return [...this.#families.values()];
  }
}
