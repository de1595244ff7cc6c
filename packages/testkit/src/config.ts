// zoo.cfg and JVM system properties for one server of a test ensemble.
import { createHash } from "node:crypto";

export type Role = "participant" | "observer";

export interface ServerPorts {
  client: number;
  admin: number;
  /** Follower-to-leader port. */
  quorum: number;
  election: number;
  secure?: number;
}

export interface ServerSpec {
  id: number;
  role: Role;
  ports: ServerPorts;
}

export interface TlsStores {
  keyStoreFile: string;
  trustStoreFile: string;
  password: string;
  clientAuth: "need" | "want" | "none";
}

export interface ConfigInput {
  self: ServerSpec;
  /** Every member, including self; ignored when standalone. */
  members: ServerSpec[];
  standalone: boolean;
  dataDir: string;
  tickTime: number;
  minSessionTimeout?: number;
  maxSessionTimeout?: number;
  fourLetterWords: string;
  adminServer: boolean;
  readOnlyMode?: boolean;
  tls?: TlsStores;
  extraConfig?: Record<string, string>;
}

/** The `server.N=` line of a member, client address included (dynamic-config syntax). */
export function serverLine(s: ServerSpec): string {
  const role = s.role === "observer" ? ":observer" : "";
  return `server.${s.id}=127.0.0.1:${s.ports.quorum}:${s.ports.election}${role};127.0.0.1:${s.ports.client}`;
}

export function zooCfg(input: ConfigInput): string {
  const { self } = input;
  const cfg: Record<string, string> = {
    tickTime: String(input.tickTime),
    // 10 and 5 ticks: a stopped follower is dropped after 2.5 s at tickTime 500.
    initLimit: "10",
    syncLimit: "5",
    dataDir: input.dataDir,
    clientPort: String(self.ports.client),
    clientPortAddress: "127.0.0.1",
    "4lw.commands.whitelist": input.fourLetterWords,
    "admin.enableServer": String(input.adminServer),
    "admin.serverAddress": "127.0.0.1",
    "admin.serverPort": String(self.ports.admin),
    reconfigEnabled: "true",
    // Snapshots and logs of a test stay small; no purge task needed.
    "autopurge.purgeInterval": "0",
  };
  if (input.minSessionTimeout !== undefined) cfg.minSessionTimeout = String(input.minSessionTimeout);
  if (input.maxSessionTimeout !== undefined) cfg.maxSessionTimeout = String(input.maxSessionTimeout);
  if (input.tls && self.ports.secure !== undefined) {
    Object.assign(cfg, {
      secureClientPort: String(self.ports.secure),
      secureClientPortAddress: "127.0.0.1",
      // Only the Netty factory speaks TLS; it then serves the plain port too.
      serverCnxnFactory: "org.apache.zookeeper.server.NettyServerCnxnFactory",
      "ssl.keyStore.location": input.tls.keyStoreFile,
      "ssl.keyStore.password": input.tls.password,
      "ssl.keyStore.type": "PKCS12",
      "ssl.trustStore.location": input.tls.trustStoreFile,
      "ssl.trustStore.password": input.tls.password,
      "ssl.trustStore.type": "PKCS12",
      "ssl.clientAuth": input.tls.clientAuth,
    });
  }
  if (input.readOnlyMode) {
    // ZooKeeper 3.8 answers a new session's createSession on a read-only
    // server with NOTREADONLY and drops the connection, unless sessions are
    // local: without this no fresh client could ever connect read-only.
    cfg.localSessionsEnabled = "true";
    cfg.localSessionsUpgradingEnabled = "true";
  }
  if (!input.standalone) {
    cfg.standaloneEnabled = "false";
    if (self.role === "observer") cfg.peerType = "observer";
  }
  Object.assign(cfg, input.extraConfig ?? {});
  const lines = Object.entries(cfg).map(([k, v]) => `${k}=${v}`);
  if (!input.standalone) lines.push(...input.members.map(serverLine));
  return `${lines.join("\n")}\n`;
}

/** The value of -Dzookeeper.DigestAuthenticationProvider.superDigest: user:base64(sha1(user:password)). */
export function superDigest(user: string, password: string): string {
  return `${user}:${createHash("sha1").update(`${user}:${password}`).digest("base64")}`;
}

export interface PropertyInput {
  superDigest?: { user: string; password: string };
  extendedTypes?: boolean;
  readOnlyMode?: boolean;
  adminServer: boolean;
  systemProperties?: Record<string, string>;
}

export function serverSystemProperties(input: PropertyInput): Record<string, string> {
  const props: Record<string, string> = {
    // slf4j-simple writes to stderr, which goes to the server's log file.
    "org.slf4j.simpleLogger.showDateTime": "true",
    "org.slf4j.simpleLogger.dateTimeFormat": "HH:mm:ss.SSS",
    "zookeeper.admin.enableServer": String(input.adminServer),
    // Fail fast instead of retrying a taken election port; the kit retries with new ports.
    "zookeeper.electionPortBindRetry": "1",
  };
  if (input.superDigest) {
    props["zookeeper.DigestAuthenticationProvider.superDigest"] = superDigest(input.superDigest.user, input.superDigest.password);
  }
  if (input.extendedTypes) {
    props["zookeeper.extendedTypesEnabled"] = "true";
    // Let TTL and container nodes disappear within a test's patience.
    props["znode.container.checkIntervalMs"] = "100";
  }
  if (input.readOnlyMode) props["readonlymode.enabled"] = "true";
  return { ...props, ...input.systemProperties };
}
