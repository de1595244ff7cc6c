/**
 * Alert identity as Alertmanager computes it (model.LabelSet.Fingerprint): FNV-1a 64 over the
 * sorted label names and values, each followed by the 0xff separator, as 16 hex digits.
 */
import type { Labels } from "../tsdb/types.ts";

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const encoder = new TextEncoder();

function add(h: bigint, bytes: Uint8Array): bigint {
  let x = h;
  for (const b of bytes) x = ((x ^ BigInt(b)) * PRIME) & MASK;
  return x;
}

export function fingerprint(labels: Labels): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return OFFSET.toString(16).padStart(16, "0");
  let h = OFFSET;
  const sep = Uint8Array.of(0xff);
  for (const n of names) {
    h = add(h, encoder.encode(n));
    h = add(h, sep);
    h = add(h, encoder.encode(labels[n]!));
    h = add(h, sep);
  }
  return h.toString(16).padStart(16, "0");
}
