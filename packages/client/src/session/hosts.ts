/**
 * The connect string ("h1:2181,h2:2181/chroot") and the order in which hosts
 * are tried: shuffled once, then round-robin, with a preferred host (a
 * read-write server found while read-only) tried next.
 */
import { InvalidArgumentError } from "../errors.ts";
import type { HostPort } from "../network/socket.ts";
import { validatePath } from "../paths.ts";

export interface ParsedConnectString {
  hosts: HostPort[];
  chroot: string;
}

export function parseConnectString(connectString: string): ParsedConnectString {
  if (typeof connectString !== "string" || connectString.trim() === "") {
    throw new InvalidArgumentError("connect string is empty; expected host:port[,host:port...][/chroot]");
  }
  let hostPart = connectString.trim();
  let chroot = "";
  const slash = hostPart.indexOf("/");
  if (slash >= 0) {
    chroot = hostPart.slice(slash);
    hostPart = hostPart.slice(0, slash);
    if (chroot === "/") chroot = "";
    else validatePath(chroot, "connect");
  }
  const hosts = hostPart.split(",").map((h) => parseHostPort(h.trim(), connectString));
  return { hosts, chroot };
}

function parseHostPort(text: string, whole: string): HostPort {
  const m = /^(?:\[([0-9a-fA-F:.]+(?:%[\w.-]+)?)\]|([^:[\]\s]+))(?::(\d+))?$/.exec(text);
  if (!m) throw new InvalidArgumentError(`invalid host "${text}" in connect string "${whole}"`);
  const port = m[3] === undefined ? 2181 : Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError(`invalid port in "${text}" in connect string "${whole}"`);
  }
  return { host: (m[1] ?? m[2])!, port };
}

export class HostList {
  readonly hosts: readonly HostPort[];
  #index = -1;
  #preferred: HostPort | null = null;

  constructor(hosts: HostPort[], random: () => number = Math.random) {
    const shuffled = [...hosts];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    this.hosts = shuffled;
  }

  get size(): number {
    return this.hosts.length;
  }

  /** The next host to try, and whether a full round has been completed (time to back off). */
  next(): { host: HostPort; wrapped: boolean } {
    if (this.#preferred) {
      const host = this.#preferred;
      this.#preferred = null;
      return { host, wrapped: false };
    }
    this.#index = (this.#index + 1) % this.hosts.length;
    return { host: this.hosts[this.#index]!, wrapped: this.#index === 0 };
  }

  prefer(host: HostPort): void {
    this.#preferred = host;
  }
}
