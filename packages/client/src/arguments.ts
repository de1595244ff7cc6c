/** Argument checks done before anything is sent; each failure is an InvalidArgumentError naming the op. */
import { InvalidArgumentError, RequestTooLargeError } from "./errors.ts";
import { CREATE_MODES, type CreateMode, MAX_TTL_MS } from "./protocol/constants.ts";
import type { ACL } from "./records/acl.ts";

export type Data = Uint8Array | string | null | undefined;

export function toBuffer(data: Data, op: string, path: string, maxBytes: number): Buffer {
  let buf: Buffer;
  if (data === null || data === undefined) buf = Buffer.alloc(0);
  else if (typeof data === "string") buf = Buffer.from(data, "utf8");
  else if (data instanceof Uint8Array) buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.length);
  else throw new InvalidArgumentError(`data must be a Buffer, Uint8Array or string, got ${typeof data}`, { op, path });
  if (buf.length > maxBytes) throw new RequestTooLargeError(buf.length, maxBytes, { op, path });
  return buf;
}

export function checkVersion(version: unknown, op: string, path: string): number {
  if (typeof version !== "number" || !Number.isInteger(version) || version < -1 || version > 0x7fffffff) {
    throw new InvalidArgumentError(`version must be an integer from -1 (any) to 2147483647, got ${String(version)}`, {
      op,
      path,
    });
  }
  return version;
}

export function checkMode(mode: unknown, op: string, path: string): CreateMode {
  if (typeof mode !== "string" || !(mode in CREATE_MODES)) {
    throw new InvalidArgumentError(
      `unknown create mode ${JSON.stringify(mode)} (expected one of ${Object.keys(CREATE_MODES).join(", ")})`,
      { op, path },
    );
  }
  return mode as CreateMode;
}

export function isTtlMode(mode: CreateMode): boolean {
  return mode === "persistentWithTTL" || mode === "persistentSequentialWithTTL";
}

export function isSequentialMode(mode: CreateMode): boolean {
  return mode === "persistentSequential" || mode === "ephemeralSequential" || mode === "persistentSequentialWithTTL";
}

export function checkTtl(mode: CreateMode, ttl: number | bigint | undefined, op: string, path: string): bigint {
  if (!isTtlMode(mode)) {
    if (ttl !== undefined) throw new InvalidArgumentError(`ttl is only valid with a TTL create mode, not ${mode}`, { op, path });
    return 0n;
  }
  if (ttl === undefined) throw new InvalidArgumentError(`create mode ${mode} needs a ttl (ms)`, { op, path });
  const v = typeof ttl === "bigint" ? ttl : Number.isInteger(ttl) ? BigInt(ttl) : -1n;
  if (v <= 0n || v > MAX_TTL_MS) throw new InvalidArgumentError(`ttl must be an integer from 1 to ${MAX_TTL_MS} ms, got ${ttl}`, { op, path });
  return v;
}

export function checkAcl(list: unknown, op: string, path: string): ACL[] {
  if (!Array.isArray(list) || list.length === 0) throw new InvalidArgumentError("acl must be a non-empty array", { op, path });
  for (const [i, entry] of list.entries()) {
    const e = entry as ACL;
    if (
      typeof e !== "object" ||
      e === null ||
      !Number.isInteger(e.perms) ||
      e.perms < 0 ||
      e.perms > 31 ||
      typeof e.id?.scheme !== "string" ||
      typeof e.id?.id !== "string"
    ) {
      throw new InvalidArgumentError(`acl[${i}] must be { perms: 0..31, id: { scheme: string, id: string } }`, { op, path });
    }
  }
  return list as ACL[];
}
