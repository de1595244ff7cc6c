// Runs a helper program to completion and captures its output.
import { spawn } from "node:child_process";
import { ToolError } from "./errors.ts";

export interface ToolResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface RunOptions {
  cwd?: string;
  input?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Resolve with a non-zero exit code instead of throwing ToolError. */
  allowFailure?: boolean;
}

export function runTool(command: string, args: string[], opts: RunOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
          }, opts.timeoutMs);
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.stdin.on("error", () => {
      // The tool may exit before reading all input; its exit code tells the story.
    });
    child.stdin.end(opts.input ?? "");
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new ToolError(command, null, `could not start: ${e.message}`, { cause: e }));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const result = {
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        code: code ?? 128,
      };
      const label = `${command} ${args.join(" ")}`.slice(0, 300);
      if (timedOut) {
        reject(new ToolError(label, null, `killed after ${opts.timeoutMs} ms\n${result.stderr}`));
      } else if (code !== 0 && !opts.allowFailure) {
        reject(new ToolError(label, code, signal ? `killed by ${signal}\n${result.stderr}` : result.stderr));
      } else {
        resolve(result);
      }
    });
  });
}
