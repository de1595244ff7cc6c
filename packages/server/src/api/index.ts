export * from "./http-server.ts";
export * from "./watch-service.ts";
