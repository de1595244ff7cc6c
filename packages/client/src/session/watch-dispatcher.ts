/**
 * Turns notification frames into watch events for local listeners: decodes
 * the WatcherEvent, strips the chroot, asks the registry which listeners fire,
 * and delivers them as a microtask queued in wire order with reply
 * resolutions: a reply that preceded the event resumes its awaiting caller
 * first, and an event is seen before any reply that follows it on the wire
 * (ZooKeeper's rule: the event before the new data).
 */
import type { JuteReader } from "../jute/reader.ts";
import { toClientPath } from "../paths.ts";
import { EVENT_TYPES } from "../protocol/constants.ts";
import { WatcherEventRecord } from "../records/headers.ts";
import type { WatchEvent, WatchListener, WatchRegistry } from "./watch-registry.ts";

export class WatchDispatcher {
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
    const event: WatchEvent = { type, path, zxid };
    queueMicrotask(() => deliver(listeners, event));
    return null;
  }
}

function deliver(listeners: WatchListener[], event: WatchEvent): void {
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
