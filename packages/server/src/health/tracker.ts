// Keeps the latest evaluation per ensemble, the counters that need history (elections, leader
// changes) and a bounded event log. Time comes in with each update.
import type { ProbeResult } from "../collect/client-probe.ts";
import type { ServerSnapshot } from "../collect/snapshot.ts";
import type { EnsembleHealth, HealthOptions } from "./ensemble-health.ts";
import { DEFAULT_HEALTH_OPTIONS, evaluateEnsemble } from "./ensemble-health.ts";
import type { HealthEvent } from "./events.ts";
import { diffHealth, leaderOf } from "./events.ts";

export interface EnsembleCounters {
  elections: number;
  leaderChanges: number;
  /** Last leader seen (survives evaluations without a leader). */
  lastLeader?: string;
}

export class HealthTracker {
  #latest = new Map<string, EnsembleHealth>();
  #counters = new Map<string, EnsembleCounters>();
  #events: HealthEvent[] = [];
  #listeners: ((e: HealthEvent) => void)[] = [];
  readonly #options: HealthOptions;
  readonly #maxEvents: number;

  constructor(options: Partial<HealthOptions> & { maxEvents?: number } = {}) {
    this.#options = { ...DEFAULT_HEALTH_OPTIONS, ...options };
    this.#maxEvents = options.maxEvents ?? 10_000;
  }

  /** Evaluates an ensemble, records and returns the events of the change. */
  update(name: string, snaps: ServerSnapshot[], atMs: number, probe?: ProbeResult): { health: EnsembleHealth; events: HealthEvent[] } {
    const health = evaluateEnsemble(name, snaps, atMs, this.#options, probe);
    const prev = this.#latest.get(name);
    const counters = this.#counters.get(name) ?? { elections: 0, leaderChanges: 0 };
    const events = diffHealth(prev, health, counters.lastLeader);
    for (const e of events) {
      if (e.kind === "election") counters.elections++;
      if (e.kind === "leader-changed") counters.leaderChanges++;
    }
    const leader = leaderOf(health);
    if (leader !== undefined) counters.lastLeader = leader;
    this.#counters.set(name, counters);
    this.#latest.set(name, health);
    for (const e of events) {
      this.#events.push(e);
      for (const l of this.#listeners) l(e);
    }
    if (this.#events.length > this.#maxEvents) this.#events.splice(0, this.#events.length - this.#maxEvents);
    return { health, events };
  }

  latest(name: string): EnsembleHealth | undefined {
    return this.#latest.get(name);
  }

  all(): EnsembleHealth[] {
    return [...this.#latest.values()];
  }

  counters(name: string): EnsembleCounters {
    return this.#counters.get(name) ?? { elections: 0, leaderChanges: 0 };
  }

  /** Events at or after `sinceMs`, oldest first. */
  events(sinceMs = 0): HealthEvent[] {
    return this.#events.filter((e) => e.atMs >= sinceMs);
  }

  /** Subscribes to events as they happen; returns the unsubscribe function. */
  subscribe(listener: (e: HealthEvent) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }
}
