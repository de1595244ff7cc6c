// Typed errors: tests catch them by class and print what failed and where,
// including the tail of the server log, so a red CI run explains itself.

/** Base class of every error the testkit throws. */
export class TestkitError extends Error {
  override name = "TestkitError";
}

export interface ServerErrorContext {
  /** Name of the ensemble (EnsembleOptions.name). */
  ensemble?: string;
  serverId?: number;
  port?: number;
  logFile?: string;
  /** Last lines of the server log, already read. */
  logTail?: string;
}

function describe(message: string, ctx: ServerErrorContext): string {
  const where: string[] = [];
  if (ctx.ensemble !== undefined) where.push(`ensemble ${ctx.ensemble}`);
  if (ctx.serverId !== undefined) where.push(`server ${ctx.serverId}`);
  if (ctx.port !== undefined) where.push(`port ${ctx.port}`);
  let text = where.length > 0 ? `${where.join(", ")}: ${message}` : message;
  if (ctx.logFile !== undefined) text += `\n  log file: ${ctx.logFile}`;
  if (ctx.logTail) text += `\n  last lines of the log:\n${indent(ctx.logTail)}`;
  return text;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    | ${l}`)
    .join("\n");
}

/** A ZooKeeper server failed to start or to reach the wanted state in time. */
export class ServerError extends TestkitError {
  override name = "ServerError";
  readonly context: ServerErrorContext;
  constructor(message: string, context: ServerErrorContext = {}, options?: ErrorOptions) {
    super(describe(message, context), options);
    this.context = context;
  }
}

/** startEnsemble gave up; `context` names the first server that failed. */
export class EnsembleStartError extends ServerError {
  override name = "EnsembleStartError";
  /** How many times the ensemble was started (port collisions cause retries). */
  readonly attempts: number;
  constructor(message: string, context: ServerErrorContext, attempts: number, options?: ErrorOptions) {
    super(message, context, options);
    this.attempts = attempts;
  }
}

/** A wait (leader, serving, mode) did not see the wanted state before its deadline. */
export class WaitTimeoutError extends ServerError {
  override name = "WaitTimeoutError";
}

/** A four-letter word or AdminServer command could not be sent or answered. */
export class FourLetterWordError extends TestkitError {
  override name = "FourLetterWordError";
  readonly host: string;
  readonly port: number;
  readonly command: string;
  /** "refused", "timeout", "reset" or another short reason. */
  readonly reason: string;
  constructor(host: string, port: number, command: string, reason: string, options?: ErrorOptions) {
    super(`four-letter word "${command}" to ${host}:${port} failed: ${reason}`, options);
    this.host = host;
    this.port = port;
    this.command = command;
    this.reason = reason;
  }
}

/** A helper tool (openssl, keytool, java for zkCli) failed. */
export class ToolError extends TestkitError {
  override name = "ToolError";
  readonly command: string;
  readonly code: number | null;
  readonly stderr: string;
  constructor(command: string, code: number | null, stderr: string, options?: ErrorOptions) {
    super(`${command} exited with ${code ?? "a signal"}: ${stderr.trim().split("\n").slice(-10).join("\n")}`, options);
    this.command = command;
    this.code = code;
    this.stderr = stderr;
  }
}
