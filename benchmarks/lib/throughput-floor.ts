// Child process: the least a Node.js process can do to keep N getData/setData
// requests in flight on one ZooKeeper connection, as a floor for client CPU per
// op. Hand-encoded handshake, one request template whose xid is patched, replies
// matched by xid only (nothing decoded, no promises, no per-op objects), reads
// into one reused buffer (net `onread`), and per read one socket write carrying
// as many new requests as replies came in. What it still pays is what every
// client pays: a wake-up, a read and a write per batch of replies.
//   node --conditions=source --import tsx benchmarks/lib/throughput-floor.ts '<CellSpec JSON>'
// Prints one result line like throughput-cell.ts (client "floor"), with the socket reads and writes
// of the measured window: replies per read shows how the server paces its replies.
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { RESULT_MARKER } from "./cell.ts";
import type { CellResult, CellSpec } from "./cell.ts";

const GET_DATA = 4;
const SET_DATA = 5;
const CLOSE_SESSION = -11;

function frame(body: Buffer): Buffer {
  const out = Buffer.alloc(4 + body.length);
  out.writeInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

function connectRequest(): Buffer {
  // ConnectRequest { int protocolVersion; long lastZxidSeen; int timeOut; long sessionId; buffer passwd; boolean readOnly }
  const b = Buffer.alloc(4 + 8 + 4 + 8 + 4 + 16 + 1);
  b.writeInt32BE(30000, 12);
  b.writeInt32BE(16, 24);
  return frame(b);
}

/** RequestHeader {xid, type} + GetDataRequest {path, watch} or SetDataRequest {path, data, version}; xid at offset 4. */
function requestTemplate(op: CellSpec["op"], path: string, size: number): Buffer {
  const p = Buffer.from(path, "utf8");
  const body =
    op === "getData"
      ? Buffer.concat([int32(0), int32(GET_DATA), int32(p.length), p, Buffer.from([0])])
      : Buffer.concat([int32(0), int32(SET_DATA), int32(p.length), p, int32(size), Buffer.alloc(size, 0x61), int32(-1)]);
  return frame(body);
}

function int32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v, 0);
  return b;
}

async function run(spec: CellSpec): Promise<void> {
  // Any server of the connect string, as the clients pick one.
  const hosts = spec.connectString.split(",");
  const [host, port] = hosts[Math.floor(Math.random() * hosts.length)]!.split(":") as [string, string];
  const template = requestTemplate(spec.op, spec.path, spec.size);
  const readBuffer = Buffer.allocUnsafe(256 * 1024);
  let carry: Buffer | null = null;
  let connected = false;
  let xid = 0;
  let expected = 1;
  let done = 0;
  let reads = 0;
  let writes = 0;
  let stopping = false;
  let onConnected: () => void = () => {};
  let onClosed: () => void = () => {};

  // Writes `n` new requests in one socket write.
  const send = (n: number) => {
    const out = Buffer.allocUnsafe(template.length * n);
    for (let i = 0; i < n; i++) {
      template.copy(out, i * template.length);
      out.writeInt32BE(++xid, i * template.length + 4);
    }
    writes++;
    socket.write(out);
  };

  // Consumes whole frames of `buf` [0, end); returns the offset of an incomplete tail.
  const consume = (buf: Buffer, end: number): number => {
    let at = 0;
    let replies = 0;
    while (end - at >= 4) {
      const len = buf.readInt32BE(at);
      if (end - at < 4 + len) break;
      if (!connected) {
        connected = true;
        onConnected();
      } else {
        const replyXid = buf.readInt32BE(at + 4);
        const err = buf.readInt32BE(at + 16);
        if (replyXid === -11 || replyXid === xid + 1) {
          // closeSession reply
        } else if (replyXid !== expected++ || err !== 0) {
          throw new Error(`reply xid ${replyXid} err ${err}, expected xid ${expected - 1}`);
        } else {
          replies++;
        }
      }
      at += 4 + len;
    }
    done += replies;
    if (replies > 0 && !stopping) send(replies);
    return at;
  };

  const socket = net.connect({
    host,
    port: Number(port),
    onread: {
      buffer: readBuffer,
      callback: (nread: number, buf: Uint8Array) => {
        reads++;
        let data = buf as Buffer;
        let end = nread;
        if (carry) {
          data = Buffer.concat([carry, (buf as Buffer).subarray(0, nread)]);
          end = data.length;
          carry = null;
        }
        const at = consume(data, end);
        if (at < end) carry = Buffer.from(data.subarray(at, end));
        return true;
      },
    },
  });
  socket.setNoDelay(true);
  socket.on("close", () => onClosed());
  const closed = new Promise<void>((resolve) => {
    onClosed = resolve;
  });
  await new Promise<void>((resolve, reject) => {
    onConnected = resolve;
    socket.once("error", reject);
    socket.once("connect", () => socket.write(connectRequest()));
  });

  send(spec.depth);
  await sleep(spec.warmupMs);
  const ops0 = done;
  const reads0 = reads;
  const writes0 = writes;
  const cpu0 = process.cpuUsage();
  const switches0 = process.resourceUsage().voluntaryContextSwitches;
  const t0 = performance.now();
  await sleep(spec.durationMs);
  const ops = done - ops0;
  const windowReads = reads - reads0;
  const windowWrites = writes - writes0;
  const cpu = process.cpuUsage(cpu0);
  const wakeups = process.resourceUsage().voluntaryContextSwitches - switches0;
  const elapsedMs = performance.now() - t0;
  stopping = true;
  // Ends the session (requests still in flight are answered first).
  const close = Buffer.alloc(12);
  close.writeInt32BE(8, 0);
  close.writeInt32BE(xid + 1, 4);
  close.writeInt32BE(CLOSE_SESSION, 8);
  socket.write(close);
  await Promise.race([closed, sleep(5000)]);
  socket.destroy();
  const result: CellResult = {
    client: "floor",
    op: spec.op,
    depth: spec.depth,
    ops,
    elapsedMs,
    opsPerSec: (ops * 1000) / elapsedMs,
    cpuUsPerOp: (cpu.user + cpu.system) / ops,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    server: `${host}:${port}`,
    errors: 0,
    reads: windowReads,
    writes: windowWrites,
    wakeups,
  };
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

const arg = process.argv[2];
if (!arg) {
  process.stderr.write("usage: throughput-floor.ts '<CellSpec JSON>'\n");
  process.exit(2);
}
run(JSON.parse(arg) as CellSpec).catch((err: unknown) => {
  process.stderr.write(`throughput-floor: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
