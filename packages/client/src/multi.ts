/**
 * multi / multiRead as the caller sees them: typed ops with client paths in,
 * typed per-op results out, and a MultiError carrying every result exactly as
 * ZooKeeper reported it when a write multi fails.
 */
import { OPEN_ACL_UNSAFE } from "./acl.ts";
import { checkAcl, checkMode, checkTtl, checkVersion, type Data, isSequentialMode, toBuffer } from "./arguments.ts";
import { errorFromCode, InvalidArgumentError, MultiError, type ZooKeeperError } from "./errors.ts";
import { multi, multiRead, type WireOpResult, type WireReadOp, type WireWriteOp } from "./ops/multi.ts";
import type { Operation } from "./ops/operation.ts";
import { toClientPath, toServerPath, validatePath } from "./paths.ts";
import { CREATE_MODES, type CreateMode } from "./protocol/constants.ts";
import { OP_CODES } from "./protocol/op-codes.ts";
import type { ACL } from "./records/acl.ts";
import type { Stat } from "./records/stat.ts";

export type MultiOp =
  | { type: "create"; path: string; data?: Data; mode?: CreateMode; acl?: readonly ACL[]; ttl?: number | bigint }
  | { type: "delete"; path: string; version?: number }
  | { type: "setData"; path: string; data: Data; version?: number }
  | { type: "check"; path: string; version: number };

export type MultiResult =
  | { type: "create"; path: string; stat: Stat | undefined }
  | { type: "delete" }
  | { type: "setData"; stat: Stat }
  | { type: "check" }
  /** Only in MultiError.results: this op's own code (0 before the failing op, -2 after it). */
  | { type: "error"; code: number; error: ZooKeeperError | null };

export type MultiReadOp = { type: "getData"; path: string } | { type: "getChildren"; path: string };
export type MultiReadResult =
  | { type: "getData"; data: Buffer; stat: Stat }
  | { type: "getChildren"; children: string[] }
  | { type: "error"; code: number; error: ZooKeeperError };

interface MultiContext {
  chroot: string;
  maxBuffer: number;
  call(op: Operation<never, WireOpResult[]>, body: unknown): Promise<WireOpResult[]>;
}

function toWire(op: MultiOp, i: number, ctx: MultiContext): WireWriteOp {
  const where = `multi op #${i}`;
  if (typeof op !== "object" || op === null) throw new InvalidArgumentError(`${where} must be an object`, { op: "multi" });
  const server = (p: string) => toServerPath(ctx.chroot, p);
  switch (op.type) {
    case "create": {
      const mode = checkMode(op.mode ?? "persistent", "multi", op.path);
      validatePath(op.path, "multi", { sequential: isSequentialMode(mode) });
      const ttl = checkTtl(mode, op.ttl, "multi", op.path);
      const opCode = mode === "container" ? OP_CODES.createContainer : ttl > 0n ? OP_CODES.createTTL : OP_CODES.create2;
      return {
        type: "create",
        opCode,
        path: server(op.path),
        data: toBuffer(op.data, "multi", op.path, ctx.maxBuffer),
        acl: checkAcl(op.acl ?? OPEN_ACL_UNSAFE, "multi", op.path),
        flags: CREATE_MODES[mode],
        ttl,
      };
    }
    case "delete":
      validatePath(op.path, "multi");
      return { type: "delete", path: server(op.path), version: checkVersion(op.version ?? -1, "multi", op.path) };
    case "setData":
      validatePath(op.path, "multi");
      return {
        type: "setData",
        path: server(op.path),
        data: toBuffer(op.data, "multi", op.path, ctx.maxBuffer),
        version: checkVersion(op.version ?? -1, "multi", op.path),
      };
    case "check":
      validatePath(op.path, "multi");
      return { type: "check", path: server(op.path), version: checkVersion(op.version, "multi", op.path) };
    default:
      throw new InvalidArgumentError(`${where} has unknown type ${JSON.stringify((op as { type: unknown }).type)}`, {
        op: "multi",
      });
  }
}

export async function runMulti(ops: readonly MultiOp[], ctx: MultiContext): Promise<MultiResult[]> {
  if (!Array.isArray(ops)) throw new InvalidArgumentError("multi needs an array of ops", { op: "multi" });
  if (ops.length === 0) return []; // as the Java client: nothing to send
  const wire = ops.map((op, i) => toWire(op, i, ctx));
  const raw = await ctx.call(multi as Operation<never, WireOpResult[]>, wire);
  const results: MultiResult[] = raw.map((r, i) => {
    if (r.type === "error") {
      const path = ops[i]?.path;
      return { type: "error", code: r.err, error: r.err === 0 ? null : errorFromCode(r.err, { op: "multi", path }) };
    }
    if (r.type === "create") return { type: "create", path: toClientPath(ctx.chroot, r.path), stat: r.stat };
    return r as MultiResult;
  });
  const failed = results.findIndex((r) => r.type === "error" && r.code !== 0);
  if (failed >= 0) {
    const f = results[failed] as { code: number };
    throw new MultiError(f.code, failed, results, { op: "multi", path: ops[failed]?.path });
  }
  return results;
}

export async function runMultiRead(ops: readonly MultiReadOp[], ctx: MultiContext): Promise<MultiReadResult[]> {
  if (!Array.isArray(ops)) throw new InvalidArgumentError("multiRead needs an array of ops", { op: "multiRead" });
  if (ops.length === 0) return [];
  const wire: WireReadOp[] = ops.map((op, i) => {
    if (op?.type !== "getData" && op?.type !== "getChildren") {
      throw new InvalidArgumentError(`multiRead op #${i} must be getData or getChildren`, { op: "multiRead" });
    }
    validatePath(op.path, "multiRead");
    return { type: op.type, path: toServerPath(ctx.chroot, op.path) };
  });
  const raw = await ctx.call(multiRead as Operation<never, WireOpResult[]>, wire);
  return raw.map((r, i) => {
    if (r.type === "error") return { type: "error", code: r.err, error: errorFromCode(r.err, { op: "multiRead", path: ops[i]?.path }) };
    return r as MultiReadResult;
  });
}
