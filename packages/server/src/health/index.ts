export * from "./ensemble-health.ts";
export * from "./events.ts";
export * from "./server-health.ts";
export * from "./tracker.ts";
