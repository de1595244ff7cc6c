/**
 * Turns notification frames into watch events for local listeners: decodes
 * the WatcherEvent, strips the chroot, asks the registry which listeners fire,
 * and delivers them in wire order on the next I/O turn, so the code awaiting
 * a reply that preceded the event on the wire runs before the event's
 * listeners (as the Java client's single event thread).
 */
import type { JuteReader } from "../jute/reader.ts";
import { toClientPath } from "../paths.ts";
import { EVENT_TYPES } from "../protocol/constants.ts";
import { WatcherEventRecord } from "../records/headers.ts";
import type { WatchEvent, WatchListener, WatchRegistry } from "./watch-registry.ts";

export class WatchDispatcher {
  #queue: { listeners: WatchListener[]; event: WatchEvent }[] = [];

  constructor(
    private readonly registry: WatchRegistry,
    private readonly chroot: string,
  ) {}

  /** Handles one notification body; returns a protocol problem, or null. */
  onNotification(r: JuteReader, zxid: bigint): string | null {
    let ev: ReturnType<typeof WatcherEventRecord.read>;
    try {
      ev = WatcherEventRecord.read(r);
    } catch (err) {
      return `bad watch event: ${(err as Error).message}`;
    }
    const type = EVENT_TYPES[ev.type as keyof typeof EVENT_TYPES];
    if (type === undefined) return `unknown watch event type ${ev.type}`;
    if (type === "none") return null;
    const path = toClientPath(this.chroot, ev.path);
    const listeners = this.registry.materialize(type, path);
    if (listeners.length === 0) return null;
    this.#queue.push({ listeners, event: { type, path, zxid } });
    if (this.#queue.length === 1) setImmediate(() => this.#deliver());
    return null;
  }

  #deliver(): void {
    const batch = this.#queue;
    this.#queue = [];
    for (const { listeners, event } of batch) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (err) {
          // A throwing listener must not stop the others or break the connection; surface it as uncaught.
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    }
  }
}
