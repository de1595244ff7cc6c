// The part of node-zookeeper-client (no bundled types) that the benchmark uses.
import type { Socket } from "node:net";

export interface NodeZkClient {
  connect(): void;
  close(): void;
  once(event: "connected" | "disconnected", listener: () => void): void;
  getData(path: string, callback: (error: Error | null, data: Buffer, stat: unknown) => void): void;
  setData(path: string, data: Buffer, version: number, callback: (error: Error | null, stat: unknown) => void): void;
  /** Internal, read only to report which server the client picked. */
  connectionManager: { socket?: Socket };
}
