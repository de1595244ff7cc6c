// Prometheus's HTTP API envelope: {status, data} or {status, errorType, error}, with the error
// type deciding the HTTP status (web/api/v1/api.go).
import type http from "node:http";

export type ErrorType = "bad_data" | "execution" | "timeout" | "internal" | "not_found" | "canceled" | "unavailable";

export const ERROR_STATUS: Record<ErrorType, number> = {
  bad_data: 400,
  execution: 422,
  canceled: 499,
  timeout: 503,
  unavailable: 503,
  internal: 500,
  not_found: 404,
};

/** An error with its API error type; thrown by parameter parsing, turned into a reply. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly errorType: ErrorType;
  constructor(errorType: ErrorType, message: string) {
    super(message);
    this.errorType = errorType;
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendData(res: http.ServerResponse, data: unknown, warnings?: string[]): void {
  send(res, 200, warnings && warnings.length > 0 ? { status: "success", data, warnings } : { status: "success", data });
}

export function sendError(res: http.ServerResponse, errorType: ErrorType, error: string): void {
  send(res, ERROR_STATUS[errorType], { status: "error", errorType, error });
}
