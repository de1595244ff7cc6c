export * from "./conf.ts";
export * from "./monitor.ts";
export * from "./small.ts";
export * from "./srvr.ts";
