// Bit-exact access to a float64 as two 32-bit halves (NaN payloads such as the stale marker
// survive: nothing here goes through a JS array of doubles, which may canonicalise NaNs).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;
const LO = LITTLE ? 0 : 1;
/** Index of a float64's high / low 32-bit half in a Uint32Array over the same bytes. */
export const HI_WORD = HI;
export const LO_WORD = LO;

/** Sets the scratch value; read the halves with hiBits()/loBits() right after. */
export function splitFloat(v: number): void {
  f64[0] = v;
}

export function hiBits(): number {
  return u32[HI]!;
}

export function loBits(): number {
  return u32[LO]!;
}

export function joinFloat(hi: number, lo: number): number {
  u32[HI] = hi;
  u32[LO] = lo;
  return f64[0]!;
}

/** True when a and b have the same 64-bit pattern. */
export function sameBits(a: number, b: number): boolean {
  f64[0] = a;
  const ah = u32[HI]!;
  const al = u32[LO]!;
  f64[0] = b;
  return ah === u32[HI] && al === u32[LO];
}

export function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}
