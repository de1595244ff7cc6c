export { type AlertmanagerApiDeps, handleAlertmanagerApi } from "./handler.ts";
export { renderConfig } from "./status.ts";
