// AdminServer commands (GET http://host:port/commands/<name>), JSON answers.
import { request } from "node:http";
import { FourLetterWordError } from "./errors.ts";

/** Runs an AdminServer command and resolves with its parsed JSON answer. */
export function adminCommand(host: string, port: number, command: string, timeoutMs = 2000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const fail = (reason: string, cause?: unknown) =>
      reject(new FourLetterWordError(host, port, `admin ${command}`, reason, { cause }));
    const req = request({ host, port, path: `/commands/${command}`, method: "GET", timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (err) => fail(err.message, err));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}: ${body.slice(0, 200)}`);
        try {
          resolve(JSON.parse(body) as Record<string, unknown>);
        } catch (err) {
          fail(`answer is not JSON: ${body.slice(0, 200)}`, err);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on("error", (err: NodeJS.ErrnoException) => fail(err.code === "ECONNREFUSED" ? "refused" : err.message, err));
    req.end();
  });
}
