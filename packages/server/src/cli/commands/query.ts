// `zoosight query '<expr>'`: a PromQL query against a running zoosight (--url, the default) or a
// stopped server's data directory (--data), printed as a table or as the API's JSON (--json).
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { BadDataError, parseDurationParam, parseTimeParam, toApiData } from "../../api/prom/index.ts";
import { FlagError, parseFlags } from "../../config/from-cli.ts";
import { instantQuery, rangeQuery } from "../../promql/index.ts";
import { Tsdb } from "../../tsdb/index.ts";
import type { CliIO, Command } from "../command.ts";
import { UsageError } from "../command.ts";

const USAGE = `usage: zoosight query '<expr>' [options]

Evaluates a PromQL expression and prints the result as a table.

  --time T           evaluation time (Unix seconds or RFC 3339; default now)
  --range            a range query over --start..--end every --step
  --start T          range start (default end - 1h)
  --end T            range end (default now)
  --step D           range step (e.g. 15s, 1m, or seconds; default (end - start) / 250, at least 1s)
  --url URL          query a running zoosight (default http://127.0.0.1:7070)
  --data DIR         query a stopped server's data directory instead (as given to serve --data)
  --json             print the API's data object ({resultType, result}) as JSON`;

interface ApiData {
  resultType: string;
  result: unknown;
}

type Row = { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] };

function seriesName(m: Record<string, string>): string {
  const { __name__: name, ...rest } = m;
  const labels = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`);
  return `${name ?? ""}{${labels.join(", ")}}`;
}

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")).join("\n");
}

const iso = (t: number) => new Date(t * 1000).toISOString();

/** Renders {resultType, result} as a table. */
export function renderTable(data: ApiData): string {
  if (data.resultType === "scalar" || data.resultType === "string") {
    const [t, v] = data.result as [number, string];
    return `${v}  @ ${iso(t)}`;
  }
  const rows = data.result as Row[];
  if (rows.length === 0) return "(no data)";
  if (data.resultType === "vector") {
    return table([["SERIES", "VALUE", "TIME"], ...rows.map((r) => [seriesName(r.metric), r.value?.[1] ?? "", iso(r.value?.[0] ?? 0)])]);
  }
  const out: string[][] = [["SERIES", "TIME", "VALUE"]];
  for (const r of rows) for (const [t, v] of r.values ?? []) out.push([seriesName(r.metric), iso(t), v]);
  return table(out);
}

async function viaHttp(url: string, params: URLSearchParams, range: boolean): Promise<ApiData> {
  const endpoint = `${url.replace(/\/$/, "")}/api/v1/${range ? "query_range" : "query"}`;
  let res: Response;
  try {
    res = await fetch(endpoint, { method: "POST", body: params });
  } catch (err) {
    throw new Error(`cannot reach ${url}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`);
  }
  const body = (await res.json()) as { status: string; data?: ApiData; errorType?: string; error?: string };
  if (body.status !== "success" || !body.data) throw new Error(`${body.errorType ?? res.status}: ${body.error ?? "query failed"}`);
  return body.data;
}

function viaStore(dir: string, expr: string, p: { range: boolean; time: number; start: number; end: number; step: number }): ApiData {
  const tsdbDir = existsSync(join(dir, "tsdb")) ? join(dir, "tsdb") : dir;
  if (!existsSync(tsdbDir)) throw new UsageError(`--data: no such directory: ${dir}`);
  const tsdb = Tsdb.open({ dir: tsdbDir, clock: { now: () => Date.now() } });
  try {
    const r = p.range ? rangeQuery(tsdb, expr, p.start, p.end, p.step) : instantQuery(tsdb, expr, p.time);
    return toApiData(r);
  } finally {
    tsdb.close();
  }
}

export const queryCommand: Command = {
  name: "query",
  summary: "evaluate a PromQL expression (instant or --range) and print a table",
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const [expr, ...rest] = argv;
    if (expr === undefined || expr.startsWith("--")) throw new UsageError("missing the PromQL expression (zoosight query '<expr>')");
    let flags: ReturnType<typeof parseFlags>;
    try {
      flags = parseFlags(rest, ["time", "start", "end", "step", "url", "data"], ["range", "json"]);
    } catch (err) {
      if (err instanceof FlagError) throw new UsageError(err.message);
      throw err;
    }
    const range = flags.booleans.has("range");
    const now = Date.now();
    let p: { range: boolean; time: number; start: number; end: number; step: number };
    try {
      const end = parseTimeParam("end", flags.values.get("end") ?? null, now);
      const start = parseTimeParam("start", flags.values.get("start") ?? null, end - 3_600_000);
      const step = parseDurationParam("step", flags.values.get("step") ?? null) ?? Math.max(1000, Math.round((end - start) / 250 / 1000) * 1000);
      p = { range, time: parseTimeParam("time", flags.values.get("time") ?? null, now), start, end, step };
    } catch (err) {
      if (err instanceof BadDataError) throw new UsageError(err.message.replace(/^invalid parameter "(\w+)"/, "--$1"));
      throw err;
    }
    const dir = flags.values.get("data");
    let data: ApiData;
    if (dir !== undefined) {
      data = viaStore(isAbsolute(dir) ? dir : join(io.cwd, dir), expr, p);
    } else {
      const params = new URLSearchParams({ query: expr });
      if (range) {
        params.set("start", String(p.start / 1000));
        params.set("end", String(p.end / 1000));
        params.set("step", String(p.step / 1000));
      } else params.set("time", String(p.time / 1000));
      data = await viaHttp(flags.values.get("url") ?? "http://127.0.0.1:7070", params, range);
    }
    io.stdout(`${flags.booleans.has("json") ? JSON.stringify(data) : renderTable(data)}\n`);
    return 0;
  },
};
