/**
 * Declarative jute records: each record is declared once as an ordered list of
 * typed fields, and its TypeScript type, encoder and decoder all derive from
 * that declaration (so schema, codec and type cannot drift).
 */
import type { JuteReader } from "./reader.ts";
import type { JuteWriter } from "./writer.ts";

export interface Codec<T> {
  readonly kind: string;
  /** Smallest encoded size, used to reject absurd vector lengths before allocating. */
  readonly minSize: number;
  write(w: JuteWriter, value: T): void;
  read(r: JuteReader): T;
}

export type Infer<C> = C extends Codec<infer T> ? T : never;

export const int: Codec<number> = { kind: "int", minSize: 4, write: (w, v) => w.int(v), read: (r) => r.int() };
export const long: Codec<bigint> = { kind: "long", minSize: 8, write: (w, v) => w.long(v), read: (r) => r.long() };
export const bool: Codec<boolean> = { kind: "boolean", minSize: 1, write: (w, v) => w.bool(v), read: (r) => r.bool() };
export const buffer: Codec<Buffer> = {
  kind: "buffer",
  minSize: 4,
  write: (w, v) => w.buffer(v),
  read: (r) => r.buffer(),
};
export const ustring: Codec<string> = {
  kind: "ustring",
  minSize: 4,
  write: (w, v) => w.ustring(v),
  read: (r) => r.ustring(),
};

/** A ustring that may be null (-1 on the wire), where null means "absent" rather than "". */
export const optionalUstring: Codec<string | null> = {
  kind: "ustring?",
  minSize: 4,
  write: (w, v) => w.ustring(v),
  read: (r) => r.optionalUstring(),
};

export function vector<T>(element: Codec<T>): Codec<T[]> {
  return {
    kind: `vector<${element.kind}>`,
    minSize: 4,
    write(w, values) {
      w.int(values.length);
      for (const v of values) element.write(w, v);
    },
    read(r) {
      const n = r.count(element.minSize);
      const out: T[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = element.read(r);
      return out;
    },
  };
}

type Fields = Record<string, Codec<unknown>>;
export type RecordOf<F extends Fields> = { [K in keyof F]: Infer<F[K]> };

export interface RecordCodec<F extends Fields> extends Codec<RecordOf<F>> {
  readonly name: string;
  readonly fields: F;
}

/**
 * Declares a jute record; field order is the declaration order, as on the wire.
 * `fastRead` may replace the generic decoder on a hot path (Stat); a test
 * checks that it agrees with the declaration.
 */
export function record<F extends Fields>(
  name: string,
  fields: F,
  fastRead?: (r: JuteReader) => RecordOf<F>,
): RecordCodec<F> {
  const entries = Object.entries(fields) as [string, Codec<unknown>][];
  const minSize = entries.reduce((n, [, c]) => n + c.minSize, 0);
  return {
    kind: name,
    name,
    fields,
    minSize,
    write(w, value) {
      const v = value as Record<string, unknown>;
      for (const [key, codec] of entries) codec.write(w, v[key]);
    },
    read:
      fastRead ??
      ((r) => {
        const out: Record<string, unknown> = {};
        for (const [key, codec] of entries) out[key] = codec.read(r);
        return out as RecordOf<F>;
      }),
  };
}

/** The generic, declaration-driven decoder of a record (what `fastRead` must agree with). */
export function genericRead<F extends Fields>(rec: RecordCodec<F>, r: JuteReader): RecordOf<F> {
  const out: Record<string, unknown> = {};
  for (const [key, codec] of Object.entries(rec.fields)) out[key] = codec.read(r);
  return out as RecordOf<F>;
}

/** A record with no fields (requests that are only a header, replies with no body). */
export const empty = record("Empty", {});
