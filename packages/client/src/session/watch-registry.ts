/**
 * The client's side of watches: which local listeners wait on which path and
 * kind, and which of them an event from the server fires (the rules of Java's
 * ZKWatchManager.materialize). One-shot kinds are removed when they fire;
 * persistent kinds stay until removed.
 */
import type { WatchEventType } from "../protocol/constants.ts";

export interface WatchEvent {
  type: WatchEventType;
  /** Path as the client sees it (chroot removed). */
  path: string;
  /** The zxid that triggered the event (ZooKeeper 3.9+ servers; -1 otherwise). */
  zxid: bigint;
}

export type WatchListener = (event: WatchEvent) => void;

export type WatchKind = "data" | "exist" | "child" | "persistent" | "persistentRecursive";

export const WATCH_KINDS: readonly WatchKind[] = ["data", "exist", "child", "persistent", "persistentRecursive"];

export class WatchRegistry {
  readonly #tables: Record<WatchKind, Map<string, Set<WatchListener>>> = {
    data: new Map(),
    exist: new Map(),
    child: new Map(),
    persistent: new Map(),
    persistentRecursive: new Map(),
  };

  add(kind: WatchKind, path: string, listener: WatchListener): void {
    const table = this.#tables[kind];
    let set = table.get(path);
    if (!set) {
      set = new Set();
      table.set(path, set);
    }
    set.add(listener);
  }

  /** Removes one listener (or all on that path when none is given); returns what was removed. */
  remove(kind: WatchKind, path: string, listener?: WatchListener): WatchListener[] {
    const table = this.#tables[kind];
    const set = table.get(path);
    if (!set) return [];
    if (listener === undefined) {
      table.delete(path);
      return [...set];
    }
    if (!set.delete(listener)) return [];
    if (set.size === 0) table.delete(path);
    return [listener];
  }

  has(kind: WatchKind, path: string, listener?: WatchListener): boolean {
    const set = this.#tables[kind].get(path);
    if (!set) return false;
    return listener === undefined ? set.size > 0 : set.has(listener);
  }

  listeners(kind: WatchKind, path: string): WatchListener[] {
    return [...(this.#tables[kind].get(path) ?? [])];
  }

  paths(kind: WatchKind): string[] {
    return [...this.#tables[kind].keys()];
  }

  get size(): number {
    let n = 0;
    for (const kind of WATCH_KINDS) for (const set of this.#tables[kind].values()) n += set.size;
    return n;
  }

  clear(): void {
    for (const kind of WATCH_KINDS) this.#tables[kind].clear();
  }

  /** The listeners an event fires, each once, removing the one-shot ones. */
  materialize(type: WatchEventType, path: string): WatchListener[] {
    const out = new Set<WatchListener>();
    const take = (kind: WatchKind) => {
      const set = this.#tables[kind].get(path);
      if (!set) return;
      for (const l of set) out.add(l);
      this.#tables[kind].delete(path);
    };
    const keep = (kind: WatchKind, p: string) => {
      const set = this.#tables[kind].get(p);
      if (set) for (const l of set) out.add(l);
    };
    switch (type) {
      case "created":
      case "dataChanged":
        take("data");
        take("exist");
        break;
      case "childrenChanged":
        take("child");
        break;
      case "deleted":
        take("data");
        take("exist");
        take("child");
        break;
      default:
        return [];
    }
    keep("persistent", path);
    // The server never sends childrenChanged to recursive watches; it fires the others for every descendant.
    if (type !== "childrenChanged" && this.#tables.persistentRecursive.size > 0) {
      for (let p = path; ; p = p.slice(0, Math.max(p.lastIndexOf("/"), 1))) {
        keep("persistentRecursive", p);
        if (p === "/") break;
      }
    }
    return [...out];
  }
}
