// Reads over persisted blocks and the head, merged per series. Blocks cover disjoint time
// ranges before the head's, so concatenating in block order then the head keeps time order.
import type { Block } from "./block.ts";
import type { Head } from "./head.ts";
import type { CompiledMatcher } from "./matchers.ts";
import type { MemSeries } from "./mem-series.ts";
import type { LabelMatcher, Labels, Sample, SelectHints, Series } from "./types.ts";
import { blockMatching, blockSamples } from "./block.ts";
import { compileMatchers } from "./matchers.ts";
import { compareLabelSets } from "./labels.ts";
import { SampleLimitError } from "./types.ts";

function overlapping(blocks: readonly Block[], mint: number, maxt: number): Block[] {
  return blocks.filter((b) => b.maxt >= mint && b.mint <= maxt);
}

export function mergedSelect(blocks: readonly Block[], head: Head, matchers: readonly LabelMatcher[], mint: number, maxt: number, hints?: SelectHints): Series[] {
  const bs = overlapping(blocks, mint, maxt);
  // Only the head in the window (rules, recent dashboards): no per-series merge needed.
  // (The head leaves out series without samples in the window; its result may be shared: not copied.)
  if (bs.length === 0) return head.select(matchers, mint, maxt, hints);
  const ms = compileMatchers(matchers);
  const hs = head.matchingSelectors(matchers).filter((s) => s.hasSamplesIn(mint, maxt));
  const limit = hints?.sampleLimit;
  if (hints?.lastOnly) return newestMerged(bs, hs, ms, mint, maxt, limit);
  if (limit !== undefined) {
    // Upper bound from chunk counts first; decode only when the bound is over the budget.
    let bound = 0;
    for (const b of bs) for (const s of blockMatching(b, ms)) for (const c of s.chunks) if (c.maxT >= mint && c.minT <= maxt) bound += c.count;
    for (const s of hs) bound += s.countUpperBound(mint, maxt);
    if (bound > limit) {
      let exact = 0;
      for (const b of bs) for (const s of blockMatching(b, ms)) exact += collect(s, mint, maxt).length;
      for (const s of hs) exact += s.samples(mint, maxt).length;
      if (exact > limit) throw new SampleLimitError(limit);
    }
  }
  const out = new Map<string, { labels: Labels; samples: Sample[] }>();
  for (const b of bs)
    for (const s of blockMatching(b, ms)) {
      let e = out.get(s.key);
      if (!e) {
        e = { labels: s.labels, samples: [] };
        out.set(s.key, e);
      }
      blockSamples(s, mint, maxt, e.samples);
    }
  for (const s of hs) {
    const e = out.get(s.key);
    if (e) s.samples(mint, maxt, e.samples);
    else out.set(s.key, { labels: s.labels, samples: s.samples(mint, maxt) });
  }
  return sortedByLabels([...out.values()].filter((e) => e.samples.length > 0));
}

/** Series merged from blocks and the head, put in label order (the head's alone already are). */
function sortedByLabels<T extends { labels: Labels }>(series: T[]): T[] {
  return series.sort((a, b) => compareLabelSets(a.labels, b.labels));
}

/** lastOnly selects: the head's newest sample in range where it has one (blocks hold only older data), else the newest block's. */
function newestMerged(bs: Block[], hs: MemSeries[], ms: CompiledMatcher[], mint: number, maxt: number, limit: number | undefined): Series[] {
  const out = new Map<string, { labels: Labels; samples: Sample[] }>();
  for (const s of hs) {
    const samples = s.newestIn(mint, maxt);
    if (samples.length > 0) out.set(s.key, { labels: s.labels, samples });
  }
  // Newest block first: a series' samples in a later block are newer than in an earlier one.
  for (let i = bs.length - 1; i >= 0; i--) {
    for (const s of blockMatching(bs[i] as Block, ms)) {
      if (out.has(s.key)) continue;
      const samples = collect(s, mint, maxt);
      if (samples.length > 0) out.set(s.key, { labels: s.labels, samples: [samples[samples.length - 1] as Sample] });
    }
  }
  if (limit !== undefined && out.size > limit) throw new SampleLimitError(limit);
  return sortedByLabels([...out.values()]);
}

function collect(s: Block["series"][number], mint: number, maxt: number): Sample[] {
  const out: Sample[] = [];
  blockSamples(s, mint, maxt, out);
  return out;
}

function forEachLabels(blocks: readonly Block[], head: Head, mint: number, maxt: number, matchers: readonly LabelMatcher[], f: (l: Labels) => void): void {
  const ms = compileMatchers(matchers);
  for (const b of overlapping(blocks, mint, maxt))
    for (const s of blockMatching(b, ms)) if (s.chunks.some((c) => c.maxT >= mint && c.minT <= maxt)) f(s.labels);
  for (const s of head.matchingSelectors(matchers)) if (s.hasSamplesIn(mint, maxt)) f(s.labels);
}

export function mergedLabelNames(blocks: readonly Block[], head: Head, mint: number, maxt: number, matchers: readonly LabelMatcher[]): string[] {
  const names = new Set<string>();
  forEachLabels(blocks, head, mint, maxt, matchers, (l) => {
    for (const n in l) names.add(n);
  });
  return [...names].sort();
}

export function mergedLabelValues(blocks: readonly Block[], head: Head, name: string, mint: number, maxt: number, matchers: readonly LabelMatcher[]): string[] {
  const values = new Set<string>();
  forEachLabels(blocks, head, mint, maxt, matchers, (l) => {
    const v = l[name];
    if (v !== undefined) values.add(v);
  });
  return [...values].sort();
}
