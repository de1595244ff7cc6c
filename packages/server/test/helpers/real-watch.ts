// Helpers for tests against real ensembles from @zoosight/testkit.
import type { Ensemble } from "@zoosight/testkit";
import { WatchService } from "../../src/api/watch-service.ts";
import type { ServerTarget } from "../../src/collect/endpoint.ts";
import { parseServerSpec } from "../../src/collect/endpoint.ts";
import type { RequestLimits } from "../../src/collect/limits.ts";
import type { EnsembleHealth } from "../../src/health/ensemble-health.ts";
import type { HealthEvent } from "../../src/health/events.ts";
import { realClock } from "./real-clock.ts";

// Generous for a busy 2-core machine (other suites run ZooKeeper at the same time).
export const TEST_LIMITS: RequestLimits = { connectTimeoutMs: 2000, totalTimeoutMs: 3000, maxBytes: 4 * 1024 * 1024 };

/** Targets of every server of a testkit ensemble, with (or without) their AdminServer. */
export function targetsOf(ensemble: Ensemble, admin = true): ServerTarget[] {
  return ensemble.servers.map((s) => parseServerSpec(admin ? `${s.clientAddress}@${s.adminPort}` : s.clientAddress));
}

export function watch(name: string, servers: ServerTarget[], extra: { detailEvery?: number; limits?: RequestLimits } = {}): WatchService {
  return new WatchService({
    ensembles: [{ name, servers }],
    clock: realClock,
    limits: extra.limits ?? TEST_LIMITS,
    detailEvery: extra.detailEvery ?? 1,
  });
}

/**
 * Runs collection cycles until `done` holds for the ensemble's health; returns it and every
 * event seen. Fails after `maxCycles` (a bound, not a timing assertion).
 */
export async function cycleUntil(
  service: WatchService,
  done: (h: EnsembleHealth) => boolean,
  what: string,
  maxCycles = 240,
): Promise<{ health: EnsembleHealth; events: HealthEvent[] }> {
  const events: HealthEvent[] = [];
  let last: EnsembleHealth | undefined;
  for (let i = 0; i < maxCycles; i++) {
    const r = await service.cycle();
    events.push(...r.events);
    last = r.health[0]!;
    if (done(last)) return { health: last, events };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`never happened within ${maxCycles} cycles: ${what}; last: ${last?.verdict} ${JSON.stringify(last?.servers.map((s) => [s.server, s.state]))} ${last?.reasons.join("; ")}`);
}

export function stateOf(h: EnsembleHealth, address: string): string | undefined {
  return h.servers.find((s) => s.server === address)?.state;
}
