// The real Alertmanager for end-to-end tests lives in the testkit (benchmarks use it too).
export { ALERTMANAGER_BIN, type AlertmanagerProcess, NO_ALERTMANAGER, startAlertmanager } from "@zoosight/testkit";
