// The two Node.js clients under test behind one tiny promise interface.
import { createRequire } from "node:module";
import { connect } from "@zoosight/client";
import type { NodeZkClient } from "./node-zookeeper-client.ts";

export interface BenchClient {
  /** "host:port" of the connected server. */
  server(): string;
  getData(path: string): Promise<unknown>;
  setData(path: string, data: Buffer): Promise<unknown>;
  close(): Promise<void>;
}

export async function zoosightClient(connectString: string): Promise<BenchClient> {
  const client = await connect(connectString, { timeoutMs: 30000 });
  return {
    server: () => client.session.server ?? "?",
    getData: (path) => client.getData(path),
    setData: (path, data) => client.setData(path, data),
    close: () => client.close(),
  };
}

/**
 * node-zookeeper-client is CommonJS; it is required at run time (never bundled),
 * resolved from this file's folder: benchmarks/lib, or benchmarks/dist/bench-bundle.
 */
export function loadNodeZookeeperClient(): { createClient(connectString: string, options?: object): NodeZkClient } {
  return createRequire(import.meta.url)("node-zookeeper-client") as { createClient(connectString: string, options?: object): NodeZkClient };
}

/** node-zookeeper-client is callback-based; each call is wrapped in one Promise so the workers can await it. */
export async function nodeZookeeperClient(connectString: string): Promise<BenchClient> {
  const zk = loadNodeZookeeperClient().createClient(connectString, { sessionTimeout: 30000 });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node-zookeeper-client: not connected to ${connectString} within 30 s`)), 30000);
    zk.once("connected", () => {
      clearTimeout(timer);
      resolve();
    });
    zk.connect();
  });
  return {
    server: () => {
      const s = zk.connectionManager.socket;
      return s ? `${s.remoteAddress}:${s.remotePort}` : "?";
    },
    getData: (path) =>
      new Promise((resolve, reject) => zk.getData(path, (err, data) => (err ? reject(err) : resolve(data)))),
    setData: (path, data) =>
      new Promise((resolve, reject) => zk.setData(path, data, -1, (err, stat) => (err ? reject(err) : resolve(stat)))),
    close: () =>
      new Promise<void>((resolve) => {
        zk.once("disconnected", () => resolve());
        zk.close();
        setTimeout(resolve, 2000).unref();
      }),
  };
}
