// zoosight.yaml: validated into a typed configuration; every error names file:line and key.
//
//   ensembles:
//     - name: prod
//       adminPort: 8080                # optional: AdminServer port of every server
//       servers: [zk1:2181, "zk2:2181@8081", {address: zk3:2181, admin: zk3:8080}]
//   collector: {interval: 5s, connectTimeout: 1s, timeout: 2s, maxResponseBytes: 4194304, maxLag: 1000, probe: false, sentinel: true}
//   http: {listen: 127.0.0.1:7070, externalURL: https://zoosight.example.com}   # externalURL: links in notifications
//   data: ./zoosight-data
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import type { Node, Scalar } from "yaml";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import type { ServerTarget } from "../collect/endpoint.ts";
import { EndpointError, parseHostPort, parseServerSpec } from "../collect/endpoint.ts";
import type { EnsembleConfig } from "../collect/ensemble-config.ts";
import { ConfigError } from "./config-error.ts";

export interface ZoosightConfig {
  ensembles: EnsembleConfig[];
  collector: { intervalMs: number; connectTimeoutMs: number; timeoutMs: number; maxResponseBytes: number; maxLag: number; probe: boolean; sentinel: boolean };
  http: { host: string; port: number; externalURL?: string };
  data: string;
}

export const DEFAULT_CONFIG: Omit<ZoosightConfig, "ensembles"> = {
  collector: { intervalMs: 5000, connectTimeoutMs: 1000, timeoutMs: 2000, maxResponseBytes: 4 * 1024 * 1024, maxLag: 1000, probe: false, sentinel: true },
  http: { host: "127.0.0.1", port: 7070 },
  data: "./zoosight-data",
};

/** Top-level keys later parts of zoosight read (alerting in Alertmanager's vocabulary, rules). */
const LATER_KEYS = new Set(["global", "route", "receivers", "inhibit_rules", "templates", "rule_files", "rules", "alerting", "storage"]);

class Reader {
  constructor(
    readonly file: string,
    readonly lines: LineCounter,
  ) {}

  line(node: Node | null | undefined): number {
    const offset = node?.range?.[0] ?? 0;
    return this.lines.linePos(offset).line;
  }

  fail(node: Node | null | undefined, key: string, problem: string): never {
    throw new ConfigError(this.file, this.line(node), key, problem);
  }

  map(node: unknown, key: string, allowed: string[], parent?: Node): YAMLMap {
    if (!isMap(node)) this.fail((node as Node) ?? parent, key, "must be a mapping");
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : "?";
      const path = key === "(document)" ? k : `${key}.${k}`;
      if (!allowed.includes(k)) this.fail(pair.key as Node, path, `unknown key (allowed: ${allowed.join(", ")})`);
    }
    return node;
  }

  scalar(node: unknown, key: string, parent: Node): Scalar {
    if (!isScalar(node)) this.fail((node as Node) ?? parent, key, "must be a single value");
    return node;
  }

  string(node: unknown, key: string, parent: Node): string {
    const s = this.scalar(node, key, parent);
    if (typeof s.value !== "string" && typeof s.value !== "number") this.fail(s, key, "must be a string");
    const v = String(s.value).trim();
    if (v === "") this.fail(s, key, "must not be empty");
    return v;
  }

  /** "5s", "500ms", "2m" or a number of seconds → milliseconds. */
  duration(node: unknown, key: string, parent: Node): number {
    const s = this.scalar(node, key, parent);
    const text = String(s.value).trim();
    const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
    if (!m) this.fail(s, key, `'${text}' is not a duration (e.g. 500ms, 5s, 1m)`);
    const n = Number(m[1]) * (m[2] === "ms" ? 1 : m[2] === "m" ? 60_000 : 1000);
    if (n <= 0) this.fail(s, key, "must be positive");
    return n;
  }

  positiveInt(node: unknown, key: string, parent: Node): number {
    const s = this.scalar(node, key, parent);
    const n = s.value;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) this.fail(s, key, `'${String(n)}' is not a whole number ≥ 0`);
    return n;
  }
}

function get(map: YAMLMap, key: string): unknown {
  return map.get(key, true);
}

function readServer(r: Reader, node: unknown, key: string, parent: Node, adminPort: number | undefined): ServerTarget {
  try {
    if (isMap(node)) {
      const m = r.map(node, key, ["address", "admin"]);
      const address = r.string(get(m, "address"), `${key}.address`, m);
      const target = parseServerSpec(address, adminPort);
      const admin = get(m, "admin");
      if (admin !== undefined) {
        const text = r.string(admin, `${key}.admin`, m);
        target.admin = /^\d+$/.test(text) ? { host: target.client.host, port: Number(text) } : parseHostPort(text);
      }
      return target;
    }
    return parseServerSpec(r.string(node, key, parent), adminPort);
  } catch (err) {
    if (err instanceof EndpointError) r.fail((node as Node) ?? parent, key, err.message);
    throw err;
  }
}

export function parseConfig(text: string, file: string): ZoosightConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new ConfigError(file, lines.linePos(e.pos[0]).line, "(syntax)", e.message.split("\n")[0]!);
  }
  const r = new Reader(file, lines);
  const root = doc.contents;
  if (!isMap(root)) r.fail(root, "(document)", "must be a mapping with an 'ensembles' key");
  const rootMap = root as YAMLMap;
  r.map(rootMap, "(document)", ["ensembles", "collector", "http", "data", ...LATER_KEYS]);
  const config: ZoosightConfig = structuredClone({ ...DEFAULT_CONFIG, ensembles: [] });

  const ens = get(rootMap, "ensembles");
  if (!isSeq(ens) || ens.items.length === 0) r.fail((ens as Node) ?? rootMap, "ensembles", "must be a non-empty list of {name, servers}");
  const names = new Set<string>();
  (ens as YAMLSeq).items.forEach((item, i) => {
    const key = `ensembles[${i}]`;
    const m = r.map(item, key, ["name", "servers", "adminPort"], ens as Node);
    const name = r.string(get(m, "name"), `${key}.name`, m);
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) r.fail(get(m, "name") as Node, `${key}.name`, `'${name}' may use letters, digits, '.', '_' and '-' only`);
    if (names.has(name)) r.fail(get(m, "name") as Node, `${key}.name`, `duplicate ensemble name '${name}'`);
    names.add(name);
    const adminNode = get(m, "adminPort");
    const adminPort = adminNode === undefined ? undefined : r.positiveInt(adminNode, `${key}.adminPort`, m);
    const servers = get(m, "servers");
    if (!isSeq(servers) || servers.items.length === 0) r.fail((servers as Node) ?? m, `${key}.servers`, "must be a non-empty list of host:port");
    const seen = new Set<string>();
    const targets = (servers as YAMLSeq).items.map((s, j) => {
      const t = readServer(r, s, `${key}.servers[${j}]`, servers as Node, adminPort);
      if (seen.has(t.address)) r.fail(s as Node, `${key}.servers[${j}]`, `duplicate server ${t.address}`);
      seen.add(t.address);
      return t;
    });
    config.ensembles.push({ name, servers: targets });
  });

  const col = get(rootMap, "collector");
  if (col !== undefined) {
    const m = r.map(col, "collector", ["interval", "connectTimeout", "timeout", "maxResponseBytes", "maxLag", "probe", "sentinel"], rootMap);
    const c = config.collector;
    if (get(m, "interval") !== undefined) c.intervalMs = r.duration(get(m, "interval"), "collector.interval", m);
    if (get(m, "connectTimeout") !== undefined) c.connectTimeoutMs = r.duration(get(m, "connectTimeout"), "collector.connectTimeout", m);
    if (get(m, "timeout") !== undefined) c.timeoutMs = r.duration(get(m, "timeout"), "collector.timeout", m);
    if (get(m, "maxResponseBytes") !== undefined) c.maxResponseBytes = r.positiveInt(get(m, "maxResponseBytes"), "collector.maxResponseBytes", m);
    if (get(m, "maxLag") !== undefined) c.maxLag = r.positiveInt(get(m, "maxLag"), "collector.maxLag", m);
    for (const key of ["probe", "sentinel"] as const) {
      const node = get(m, key);
      if (node === undefined) continue;
      const v = r.scalar(node, `collector.${key}`, m);
      if (typeof v.value !== "boolean") r.fail(v, `collector.${key}`, "must be true or false");
      c[key] = v.value as boolean;
    }
    if (c.connectTimeoutMs > c.timeoutMs) r.fail(m, "collector.connectTimeout", "must not exceed collector.timeout");
  }
  const h = get(rootMap, "http");
  if (h !== undefined) {
    const m = r.map(h, "http", ["listen", "externalURL"], rootMap);
    const listen = get(m, "listen");
    if (listen !== undefined) {
      try {
        const hp = parseHostPort(r.string(listen, "http.listen", m));
        config.http = { host: hp.host, port: hp.port };
      } catch (err) {
        if (err instanceof EndpointError) r.fail(listen as Node, "http.listen", err.message);
        throw err;
      }
    }
    const ext = get(m, "externalURL");
    if (ext !== undefined) {
      const url = r.string(ext, "http.externalURL", m);
      const problem = externalUrlProblem(url);
      if (problem) r.fail(ext as Node, "http.externalURL", problem);
      config.http.externalURL = url;
    }
  }
  const data = get(rootMap, "data");
  if (data !== undefined) {
    // Relative to the configuration file (when its path is absolute), like rule files are.
    const dir = r.string(data, "data", rootMap);
    config.data = isAbsolute(dir) || !isAbsolute(file) ? dir : join(dirname(file), dir);
  }
  return config;
}

export async function loadConfig(file: string): Promise<ZoosightConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new ConfigError(file, 0, "(file)", `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseConfig(text, file);
}

/** Why `url` cannot be the external URL (absolute http(s) URL, no credentials), or undefined. */
export function externalUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `'${url}' is not an absolute URL (e.g. https://zoosight.example.com)`;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return `'${url}' must be an http or https URL`;
  if (u.username || u.password) return "must not contain credentials (the URL appears in every notification)";
  return undefined;
}
