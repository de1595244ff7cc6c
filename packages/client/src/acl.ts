/** ACL helpers and digest ids computed exactly as ZooKeeper's DigestAuthenticationProvider. */
import { createHash } from "node:crypto";
import { PERMS } from "./protocol/constants.ts";
import type { ACL } from "./records/acl.ts";

export type { ACL, Id } from "./records/acl.ts";
export { PERMS };

/** "user:" + base64(SHA-1("user:password")), the id stored in digest ACLs and in superDigest. */
export function digestId(user: string, password: string): string {
  const hash = createHash("sha1").update(`${user}:${password}`, "utf8").digest("base64");
  return `${user}:${hash}`;
}

export function acl(perms: number, scheme: string, id: string): ACL {
  return { perms, id: { scheme, id } };
}

export function digestAcl(user: string, password: string, perms: number = PERMS.all): ACL {
  return acl(perms, "digest", digestId(user, password));
}

/** Parses "rwcda"-style permission letters (as zkCli shows them) into bits. */
export function permsFromString(text: string): number {
  const bits: Record<string, number> = { r: PERMS.read, w: PERMS.write, c: PERMS.create, d: PERMS.delete, a: PERMS.admin };
  let perms = 0;
  for (const ch of text) {
    const bit = bits[ch];
    if (bit === undefined) throw new Error(`unknown permission letter "${ch}" in "${text}" (expected r, w, c, d, a)`);
    perms |= bit;
  }
  return perms;
}

export function permsToString(perms: number): string {
  return ["r", "w", "c", "d", "a"].filter((_, i) => perms & (1 << i)).join("");
}

/** world:anyone with every permission (ZooDefs.Ids.OPEN_ACL_UNSAFE). */
export const OPEN_ACL_UNSAFE: readonly ACL[] = Object.freeze([acl(PERMS.all, "world", "anyone")]);
/** Every permission for the creator's authenticated ids (ZooDefs.Ids.CREATOR_ALL_ACL). */
export const CREATOR_ALL_ACL: readonly ACL[] = Object.freeze([acl(PERMS.all, "auth", "")]);
/** Read for world:anyone (ZooDefs.Ids.READ_ACL_UNSAFE). */
export const READ_ACL_UNSAFE: readonly ACL[] = Object.freeze([acl(PERMS.read, "world", "anyone")]);
