// A monitor layout's keys encoded once as UTF-8, for the readers that compare an answer's bytes with
// the keys they expect (mntr-bytes.ts, monitor-json.ts); each reader encodes a key its own way.
import type { MonitorLayout } from "./monitor-values.ts";

/** The parsed keys' encodings back to back; key i is bytes[offsets[i], offsets[i + 1]). */
export interface KeyBytes {
  bytes: Uint8Array;
  offsets: Int32Array;
}

/** A per-layout cache of `encode(key)` for every parsed key of the layout. */
export function layoutKeyBytes(encode: (key: string) => string): (layout: MonitorLayout) => KeyBytes {
  const cache = new WeakMap<MonitorLayout, KeyBytes>();
  return (layout) => {
    let k = cache.get(layout);
    if (!k) {
      const parts = layout.keys.slice(0, layout.parsed).map((key) => Buffer.from(encode(key), "utf8"));
      const offsets = new Int32Array(parts.length + 1);
      for (let i = 0; i < parts.length; i++) offsets[i + 1] = (offsets[i] as number) + (parts[i] as Buffer).length;
      k = { bytes: new Uint8Array(Buffer.concat(parts)), offsets };
      cache.set(layout, k);
    }
    return k;
  };
}
