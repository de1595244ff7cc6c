// @zoosight/testkit: real ZooKeeper ensembles (and a real Alertmanager) for tests, benchmarks and the demo.
export { adminCommand } from "./admin-command.ts";
export { ALERTMANAGER_BIN, type AlertmanagerProcess, NO_ALERTMANAGER, startAlertmanager } from "./alertmanager.ts";
export type { Role } from "./config.ts";
export { superDigest } from "./config.ts";
export type { Ensemble } from "./ensemble.ts";
export type { EnsembleOptions } from "./ensemble-options.ts";
export {
  EnsembleStartError,
  FourLetterWordError,
  ServerError,
  type ServerErrorContext,
  TestkitError,
  ToolError,
  WaitTimeoutError,
} from "./errors.ts";
export { fourLetterWord, parseMode, type ServerMode } from "./four-letter-word.ts";
export { freePort, releasePort } from "./ports.ts";
export type { ServerHandle, ServerState } from "./server-handle.ts";
export { startEnsemble } from "./start-ensemble.ts";
export { type TlsClientMaterial, tlsFourLetterWord } from "./tls-four-letter-word.ts";
export type { TlsMaterial } from "./tls-material.ts";
export { type ZkCliOptions, type ZkCliResult, zkCli } from "./zk-cli.ts";
