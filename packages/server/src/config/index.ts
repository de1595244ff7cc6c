export * from "./config-error.ts";
export * from "./load-config.ts";
export * from "./from-cli.ts";
