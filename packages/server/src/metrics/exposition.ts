// Prometheus text exposition format 0.0.4: # HELP, # TYPE, then samples.
import type { FamilyMeta, Sample } from "../collect/appender.ts";

export interface Family extends FamilyMeta {
  name: string;
  /** Sample names may extend the family name (_sum, _count for summaries). */
  samples: Sample[];
}

const NEEDS_ESCAPE = /[\\\n"]/;

export function escapeLabelValue(v: string): string {
  if (!NEEDS_ESCAPE.test(v)) return v;
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

/** Pre-formats base labels for addBased. */
export function baseLabels(labels: Record<string, string>): { labels: Record<string, string>; text: string } {
  let text = "";
  for (const k in labels) text += `${text === "" ? "" : ","}${k}="${escapeLabelValue(labels[k]!)}"`;
  return { labels, text };
}

export function formatSample(s: Sample): string {
  let labels = "";
  for (const k in s.labels) labels += `${labels === "" ? "" : ","}${k}="${escapeLabelValue(s.labels[k]!)}"`;
  return labels === "" ? `${s.name} ${formatValue(s.value)}` : `${s.name}{${labels}} ${formatValue(s.value)}`;
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

/**
 * Collects samples into families; the first declaration of a family name wins. In text mode
 * (for /metrics) each sample is formatted at once and only its line is kept, which is several
 * times cheaper than keeping objects for hundreds of thousands of series.
 */
export class FamilySet {
  readonly #families = new Map<string, Family>();
  readonly #lines = new Map<string, string[]>();
  readonly #text: boolean;
  /** Samples dropped because their family was declared with another type. */
  conflicts = 0;

  constructor(options: { text?: boolean } = {}) {
    this.#text = options.text ?? false;
  }

  add(name: string, meta: FamilyMeta, labels: Record<string, string>, value: number, sampleName = name): void {
    let f = this.#families.get(name);
    if (!f) {
      f = { name, ...meta, samples: [] };
      this.#families.set(name, f);
      if (this.#text) this.#lines.set(name, []);
    } else if (f.type !== meta.type) {
      this.conflicts++;
      return;
    }
    const sample = { name: sampleName, labels, value };
    if (this.#text) this.#lines.get(name)!.push(formatSample(sample));
    else f.samples.push(sample);
  }

  /**
   * add() for samples sharing pre-formatted base labels (`ensemble="…",server="…"`): in text
   * mode the line is built without intermediate label objects.
   */
  addBased(
    name: string,
    meta: FamilyMeta,
    base: { labels: Record<string, string>; text: string },
    extra: Record<string, string> | undefined,
    value: number,
    sampleName = name,
  ): void {
    if (!this.#text) {
      this.add(name, meta, extra ? { ...base.labels, ...extra } : base.labels, value, sampleName);
      return;
    }
    let lines = this.#lines.get(name);
    if (!lines) {
      this.#families.set(name, { name, ...meta, samples: [] });
      lines = [];
      this.#lines.set(name, lines);
    } else if (this.#families.get(name)!.type !== meta.type) {
      this.conflicts++;
      return;
    }
    let labels = base.text;
    if (extra) for (const k in extra) labels += `${labels === "" ? "" : ","}${k}="${escapeLabelValue(extra[k]!)}"`;
    lines.push(labels === "" ? `${sampleName} ${formatValue(value)}` : `${sampleName}{${labels}} ${formatValue(value)}`);
  }

  /** The exposition text (text mode only). */
  render(): string {
    const out: string[] = [];
    for (const f of this.#families.values()) {
      const lines = this.#lines.get(f.name) ?? [];
      if (lines.length === 0) continue;
      out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`, lines.join("\n"));
    }
    return out.length === 0 ? "" : `${out.join("\n")}\n`;
  }

  has(name: string): boolean {
    return this.#families.has(name);
  }

  families(): Family[] {
    return [...this.#families.values()];
  }
}
