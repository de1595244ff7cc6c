/**
 * The alerting part of `zoosight serve`: the built-in ZooKeeper rule pack evaluated over the
 * embedded store, and, when zoosight.yaml has `route`/`receivers`, the Alertmanager-style
 * dispatcher that notifies. Without a notification config the alerts are still visible at
 * /api/v1/alerts and /api/v1/rules.
 */
import type { QueryFn, VectorSample } from "../../alerting/alert.ts";
import { dispatcherFromConfigFile } from "../../alerting/setup.ts";
import type { Dispatcher } from "../../alerting/dispatch/dispatcher.ts";
import type { AlertmanagerApiDeps } from "../../api/alertmanager/index.ts";
import type { PromRulesDeps } from "../../api/prom-rules/index.ts";
import type { Clock } from "../../collect/clock.ts";
import { instantQuery } from "../../promql/index.ts";
import { builtinRuleGroups } from "../../rules/builtin/zookeeper-pack.ts";
import { RuleManager } from "../../rules/manager.ts";
import type { Querier } from "../../tsdb/types.ts";
import { RestoredAlertCheck } from "./restored-alerts.ts";

/** How often restored alerts are compared with the restarted rule engine (see RestoredAlertCheck). */
const RESTORED_CHECK_MS = 1000;

/**
 * A resolved inhibition source keeps inhibiting this long. The pack's ensemble rules run every
 * 1 s and its per-server rules every 5 s, so when a lost quorum comes back the per-server alerts
 * it caused (the survivor not serving, ...) resolve up to one servers-group interval later: three
 * intervals cover that on a loaded host without hiding a server that really stays down for long.
 */
export const INHIBIT_HOLD_MS = 15_000;

export interface ServeAlerting {
  promRules: PromRulesDeps;
  alertmanager: AlertmanagerApiDeps | undefined;
  stop(): Promise<void>;
}

/** PromQL over the store, as the rules want it: an instant vector or a scalar. */
export function queryOver(querier: Querier): QueryFn {
  return async (expr, t) => {
    const r = instantQuery(querier, expr, t);
    if (r.resultType === "scalar") return r.v;
    if (r.resultType === "vector") return r.samples.map((s): VectorSample => ({ labels: s.labels, value: s.v }));
    throw new Error(`rule expression must give a vector or a scalar, got ${r.resultType}: ${expr}`);
  };
}

export async function startServeAlerting(opts: {
  querier: Querier;
  clock: Clock;
  configFile: string | undefined;
  dataDir: string;
  externalURL: string;
  /** True once every ensemble has been collected in this run (WatchService.ready). */
  collected: () => boolean;
}): Promise<ServeAlerting> {
  let dispatcher: Dispatcher | undefined;
  if (opts.configFile) {
    dispatcher = await dispatcherFromConfigFile({
      configFile: opts.configFile,
      dataDir: opts.dataDir,
      externalURL: opts.externalURL,
      inhibitHoldMs: INHIBIT_HOLD_MS,
    });
  }
  const restored = new RestoredAlertCheck(dispatcher?.firing() ?? []);
  const rules = new RuleManager({
    query: queryOver(opts.querier),
    notify: (alerts) => {
      restored.sent(alerts);
      dispatcher?.receive(alerts);
    },
    clock: opts.clock,
    externalURL: opts.externalURL,
  });
  rules.load(builtinRuleGroups());
  rules.start();
  const stopping = new AbortController();
  const checking = (async () => {
    while (!restored.done && !stopping.signal.aborted) {
      await opts.clock.sleep(RESTORED_CHECK_MS, stopping.signal);
      // rules evaluated before the first collection of this run saw no fresh data
      if (restored.freshSince === undefined) {
        if (opts.collected()) restored.freshSince = opts.clock.now();
        continue;
      }
      const stale = restored.stale(rules.groups(), opts.clock.now());
      if (stale.length > 0 && !stopping.signal.aborted) dispatcher?.receive(stale);
    }
  })();
  return {
    promRules: { groups: () => rules.groups() },
    alertmanager: dispatcher ? { dispatcher } : undefined,
    async stop() {
      stopping.abort();
      await checking;
      await rules.stop();
      dispatcher?.stop();
    },
  };
}
