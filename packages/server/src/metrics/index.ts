export * from "./exporter.ts";
export * from "./exposition.ts";
export * from "./health-samples.ts";
export * from "./zookeeper-names.ts";
export * from "./zookeeper-samples.ts";
