// ZooKeeper's own command-line client (org.apache.zookeeper.ZooKeeperMain,
// what zkCli.sh runs), driven non-interactively: commands go to stdin one per
// line, which ZooKeeperMain reads when JLine is absent (Debian ships none).
import { FAST_JVM_FLAGS, JAVA_BIN, systemPropertyFlags, zookeeperClassPath } from "./java.ts";
import { runTool } from "./run-tool.ts";
import type { TlsMaterial } from "./tls-material.ts";

export interface ZkCliOptions {
  /** Kill the client after this long, default 30000 ms. */
  timeoutMs?: number;
  /** Connect over TLS with this material (ensemble.tls), to a secure connect string. */
  tls?: TlsMaterial;
  /** Pass -r: allow a connection to a read-only server. */
  readOnly?: boolean;
  /** Extra -D flags for the client JVM. */
  systemProperties?: Record<string, string>;
}

export interface ZkCliResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Runs `commands` (e.g. ["create /a x", "get /a"]) in one zkCli session and
 * resolves with its output. The code is ZooKeeperMain's exit code; a failed
 * command shows in stdout/stderr, so check them rather than only the code.
 */
export async function zkCli(connectString: string, commands: string[], opts: ZkCliOptions = {}): Promise<ZkCliResult> {
  const props: Record<string, string> = {
    // Client logs are noise for a test; warnings still reach stderr.
    "org.slf4j.simpleLogger.defaultLogLevel": "warn",
    "org.slf4j.simpleLogger.logFile": "System.err",
  };
  if (opts.tls) {
    Object.assign(props, {
      "zookeeper.client.secure": "true",
      "zookeeper.clientCnxnSocket": "org.apache.zookeeper.ClientCnxnSocketNetty",
      "zookeeper.ssl.keyStore.location": opts.tls.clientKeyStoreFile,
      "zookeeper.ssl.keyStore.password": opts.tls.storePassword,
      "zookeeper.ssl.keyStore.type": "PKCS12",
      "zookeeper.ssl.trustStore.location": opts.tls.trustStoreFile,
      "zookeeper.ssl.trustStore.password": opts.tls.storePassword,
      "zookeeper.ssl.trustStore.type": "PKCS12",
    });
  }
  Object.assign(props, opts.systemProperties ?? {});
  const args = [
    ...FAST_JVM_FLAGS,
    ...systemPropertyFlags(props),
    "-cp",
    zookeeperClassPath(),
    "org.apache.zookeeper.ZooKeeperMain",
    "-server",
    connectString,
    ...(opts.readOnly ? ["-r"] : []),
  ];
  const input = `${[...commands, "quit"].join("\n")}\n`;
  return runTool(JAVA_BIN, args, { input, timeoutMs: opts.timeoutMs ?? 30000, allowFailure: true });
}
