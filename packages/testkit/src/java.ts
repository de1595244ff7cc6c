// Where Debian puts ZooKeeper and how we start its JVMs.
import { existsSync } from "node:fs";
import { TestkitError } from "./errors.ts";

const JAVA_DIR = "/usr/share/java";

// zookeeper.jar's manifest already lists jetty, jackson, netty-handler/buffer/
// transport/common, slf4j-api. Missing from it: servlet-api (without it the
// AdminServer silently does not start), an slf4j binding (logs), and the netty
// codec/resolver jars the Netty connection factory (TLS port) needs.
const EXTRA_JARS = [
  "servlet-api.jar",
  "slf4j-simple.jar",
  "netty-codec.jar",
  "netty-resolver.jar",
  "netty-transport-native-unix-common.jar",
];

export const JAVA_BIN = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : "java";

/** The class path for ZooKeeper servers and ZooKeeperMain (zkCli). */
export function zookeeperClassPath(): string {
  const main = `${JAVA_DIR}/zookeeper.jar`;
  if (!existsSync(main)) {
    throw new TestkitError(`${main} not found: install ZooKeeper with "apt-get install -y zookeeper libservlet-api-java"`);
  }
  return [main, ...EXTRA_JARS.map((j) => `${JAVA_DIR}/${j}`).filter((p) => existsSync(p))].join(":");
}

/** Small heap and flags that make a short-lived JVM start fast. */
export const FAST_JVM_FLAGS = ["-Xmx256m", "-XX:-UsePerfData", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"];

/** `-Dkey=value` flags, in a stable order. */
export function systemPropertyFlags(props: Record<string, string>): string[] {
  return Object.entries(props).map(([k, v]) => `-D${k}=${v}`);
}
