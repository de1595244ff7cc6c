/**
 * For `serve`: builds the Dispatcher from zoosight.yaml when the file has an alerting part
 * (`route` or `receivers`); undefined otherwise. Without an `inhibit_rules` key the ZooKeeper
 * defaults apply (zookeeper-inhibit-rules.ts). Throws AlertingConfigError naming file:line:key.
 */
import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import type { AlertingClock } from "./clock.ts";
import { AlertingConfigError } from "./config/config-error.ts";
import { parseAlertingYaml } from "./config/load-yaml.ts";
import { Dispatcher } from "./dispatch/dispatcher.ts";
import { zookeeperInhibitRules } from "./zookeeper-inhibit-rules.ts";

export interface AlertingSetupOptions {
  configFile: string;
  dataDir: string;
  externalURL?: string;
  clock?: AlertingClock;
  /** How long a resolved inhibition source keeps inhibiting (see Inhibitor). */
  inhibitHoldMs?: number;
}

export async function dispatcherFromConfigFile(opts: AlertingSetupOptions): Promise<Dispatcher | undefined> {
  let text: string;
  try {
    text = await readFile(opts.configFile, "utf8");
  } catch (err) {
    throw new AlertingConfigError("(file)", `cannot read: ${(err as NodeJS.ErrnoException).code ?? "error"}`, opts.configFile, 0);
  }
  const root = parseDocument(text).toJS() as Record<string, unknown> | null;
  if (!root || typeof root !== "object" || (root.route === undefined && root.receivers === undefined)) return undefined;
  const parsed = parseAlertingYaml(text, opts.configFile);
  const config = root.inhibit_rules === undefined ? { ...parsed, inhibitRules: zookeeperInhibitRules() } : parsed;
  return new Dispatcher({
    config,
    dataDir: opts.dataDir,
    ...(opts.externalURL !== undefined ? { externalURL: opts.externalURL } : {}),
    ...(opts.clock !== undefined ? { clock: opts.clock } : {}),
    ...(opts.inhibitHoldMs !== undefined ? { inhibitHoldMs: opts.inhibitHoldMs } : {}),
  });
}
