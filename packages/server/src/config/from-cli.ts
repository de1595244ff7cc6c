// Command-line flags shared by `zoosight status` and `zoosight serve`, merged over the YAML file
// (when --config is given) and the embedded defaults.
import { isAbsolute, join } from "node:path";
import { EndpointError, parseServerSpec } from "../collect/endpoint.ts";
import type { ZoosightConfig } from "./load-config.ts";
import { DEFAULT_CONFIG, externalUrlProblem, loadConfig } from "./load-config.ts";

export class FlagError extends Error {
  override name = "FlagError";
}

export interface ParsedFlags {
  values: Map<string, string>;
  booleans: Set<string>;
}

/** Parses `--name value`, `--name=value` and boolean `--name`; rejects anything unknown. */
export function parseFlags(argv: string[], valued: string[], booleans: string[]): ParsedFlags {
  const out: ParsedFlags = { values: new Map(), booleans: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new FlagError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (booleans.includes(name)) {
      if (eq >= 0) throw new FlagError(`--${name} takes no value`);
      out.booleans.add(name);
    } else if (valued.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "") throw new FlagError(`--${name} needs a value`);
      out.values.set(name, value);
    } else {
      throw new FlagError(`unknown option '--${name}'`);
    }
  }
  return out;
}

function positiveInt(flags: ParsedFlags, name: string): number | undefined {
  const v = flags.values.get(name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new FlagError(`--${name} must be a positive whole number, got '${v}'`);
  return Number(v);
}

export const WATCH_FLAGS = ["zk", "config", "name", "admin-port", "timeout", "connect-timeout"];

/** Builds the configuration from --config and/or --zk plus overrides. */
export async function configFromFlags(flags: ParsedFlags, cwd: string): Promise<ZoosightConfig> {
  const zk = flags.values.get("zk");
  const file = flags.values.get("config");
  if (zk === undefined && file === undefined) throw new FlagError("give --zk host:port[,host:port...] or --config zoosight.yaml");
  const config: ZoosightConfig =
    file !== undefined ? await loadConfig(isAbsolute(file) ? file : join(cwd, file)) : structuredClone({ ...DEFAULT_CONFIG, ensembles: [] });
  const adminPort = positiveInt(flags, "admin-port");
  if (zk !== undefined) {
    const specs = zk.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (specs.length === 0) throw new FlagError("--zk needs at least one host:port");
    try {
      const servers = specs.map((s) => parseServerSpec(s, adminPort));
      const name = flags.values.get("name") ?? "default";
      if (config.ensembles.some((e) => e.name === name)) throw new FlagError(`ensemble '${name}' is both in --config and --zk; use --name`);
      config.ensembles.push({ name, servers });
    } catch (err) {
      if (err instanceof EndpointError) throw new FlagError(`--zk: ${err.message}`);
      throw err;
    }
  }
  const timeout = positiveInt(flags, "timeout");
  if (timeout !== undefined) config.collector.timeoutMs = timeout;
  const connect = positiveInt(flags, "connect-timeout");
  if (connect !== undefined) config.collector.connectTimeoutMs = connect;
  if (config.collector.connectTimeoutMs > config.collector.timeoutMs) config.collector.connectTimeoutMs = config.collector.timeoutMs;
  const interval = positiveInt(flags, "interval");
  if (interval !== undefined) config.collector.intervalMs = interval;
  const port = flags.values.get("port");
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) > 65535) throw new FlagError(`--port must be 0-65535, got '${port}'`);
    config.http.port = Number(port);
  }
  const listen = flags.values.get("listen");
  if (listen !== undefined) config.http.host = listen;
  const ext = flags.values.get("external-url");
  if (ext !== undefined) {
    const problem = externalUrlProblem(ext);
    if (problem) throw new FlagError(`--external-url: ${problem}`);
    config.http.externalURL = ext;
  }
  if (flags.booleans.has("probe")) config.collector.probe = true;
  if (flags.booleans.has("no-sentinel")) config.collector.sentinel = false;
  const data = flags.values.get("data");
  if (data !== undefined) config.data = data;
  return config;
}
