/**
 * For `serve`: builds the Dispatcher from zoosight.yaml when the file has an alerting part
 * (`route` or `receivers`); undefined otherwise. Throws AlertingConfigError naming file:line:key.
 */
import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import type { AlertingClock } from "./clock.ts";
import { AlertingConfigError } from "./config/config-error.ts";
import { parseAlertingYaml } from "./config/load-yaml.ts";
import { Dispatcher } from "./dispatch/dispatcher.ts";

export interface AlertingSetupOptions {
  configFile: string;
  dataDir: string;
  externalURL?: string;
  clock?: AlertingClock;
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
  const config = parseAlertingYaml(text, opts.configFile);
  return new Dispatcher({
    config,
    dataDir: opts.dataDir,
    ...(opts.externalURL !== undefined ? { externalURL: opts.externalURL } : {}),
    ...(opts.clock !== undefined ? { clock: opts.clock } : {}),
  });
}
