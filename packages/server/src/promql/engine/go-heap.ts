// topk/bottomk selection exactly as Prometheus does it (engine.go aggregationK with Go's
// container/heap over vectorByValueHeap / vectorByReverseValueHeap), so that ties between equal
// values pick the same series as Prometheus.
import type { VecSample } from "./values.ts";

type Less = (a: VecSample, b: VecSample) => boolean;

/** vectorByValueHeap.Less (a min-heap; NaN is smallest). */
const byValue: Less = (a, b) => Number.isNaN(a.v) || a.v < b.v;
/** vectorByReverseValueHeap.Less (a max-heap; NaN is "largest"). */
const byReverseValue: Less = (a, b) => Number.isNaN(a.v) || a.v > b.v;

function up(h: VecSample[], j0: number, less: Less): void {
  let j = j0;
  while (j > 0) {
    const i = Math.floor((j - 1) / 2);
    if (i === j || !less(h[j] as VecSample, h[i] as VecSample)) break;
    [h[i], h[j]] = [h[j] as VecSample, h[i] as VecSample];
    j = i;
  }
}

function down(h: VecSample[], i0: number, n: number, less: Less): boolean {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && less(h[j2] as VecSample, h[j1] as VecSample)) j = j2;
    if (!less(h[j] as VecSample, h[i] as VecSample)) break;
    [h[i], h[j]] = [h[j] as VecSample, h[i] as VecSample];
    i = j;
  }
  return i > i0;
}

/** The k largest (topk) or smallest (bottomk) samples of one group, in Prometheus's output order. */
export function selectK(members: VecSample[], k: number, top: boolean): VecSample[] {
  const less = top ? byValue : byReverseValue;
  const h: VecSample[] = [];
  for (const s of members) {
    const root = h[0];
    if (h.length < k) {
      h.push(s);
      up(h, h.length - 1, less);
    } else if (root && ((top ? root.v < s.v : root.v > s.v) || (Number.isNaN(root.v) && !Number.isNaN(s.v)))) {
      h[0] = s;
      if (k > 1 && !down(h, 0, h.length, less)) up(h, 0, less);
    }
  }
  // sort.Sort(sort.Reverse(heap)): descending by the heap's Less, NaN last.
  return h.sort((a, b) => (less(b, a) ? -1 : less(a, b) ? 1 : 0));
}
