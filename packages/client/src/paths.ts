/**
 * Path rules of ZooKeeper's PathUtils.validatePath, checked before anything
 * is sent so a bad path is an InvalidArgumentError, never a server round trip.
 */
import { InvalidArgumentError } from "./errors.ts";

/** Plain printable-ASCII paths without empty, "." or ".." segments: the common case, checked in one pass. */
const SIMPLE_PATH = /^(?:\/(?!\.\.?(?:\/|$))[\x21-\x2e\x30-\x7e\x20]+)+$/;

/** The last path that passed SIMPLE_PATH: clients mostly hit the same few nodes, and a compare is cheaper than the regex. */
let lastSimplePath = "/";

export function validatePath(path: unknown, op: string, options?: { sequential?: boolean }): string {
  if (typeof path !== "string") throw new InvalidArgumentError(`path must be a string, got ${typeof path}`, { op });
  if (path === lastSimplePath) return path;
  if (SIMPLE_PATH.test(path)) {
    lastSimplePath = path;
    return path;
  }
  return validateSlow(path, op, options?.sequential ?? false);
}

function validateSlow(path: string, op: string, sequential: boolean): string {
  const fail = (why: string) => {
    throw new InvalidArgumentError(`invalid path ${JSON.stringify(path)}: ${why}`, { op });
  };
  if (path.length === 0) fail("empty");
  if (path[0] !== "/") fail("must start with /");
  if (path.length === 1) return path;
  if (path.endsWith("/") && !sequential) fail("must not end with /");
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.length === 0 && !(sequential && i === parts.length - 1)) fail(`empty segment at position ${i}`);
    if (part === "." || part === "..") fail(`relative segment "${part}"`);
  }
  for (const ch of path) {
    const c = ch.codePointAt(0)!;
    if (c === 0) fail("contains a null character");
    if ((c > 0 && c < 0x20) || (c > 0x7e && c < 0xa0) || (c >= 0xd800 && c <= 0xf8ff) || (c >= 0xfff0 && c <= 0xffff)) {
      fail(`contains the invalid character U+${c.toString(16).padStart(4, "0")}`);
    }
  }
  return path;
}

/** Applies a chroot ("/app") to a client path. */
export function toServerPath(chroot: string, path: string): string {
  if (!chroot) return path;
  return path === "/" ? chroot : chroot + path;
}

/** Strips a chroot from a server path; paths outside the chroot are returned unchanged. */
export function toClientPath(chroot: string, path: string): string {
  if (!chroot) return path;
  if (path === chroot) return "/";
  if (path.startsWith(`${chroot}/`)) return path.slice(chroot.length);
  return path;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}
