/**
 * `zoosight demo`: starts a local 3-server ZooKeeper ensemble and shows the
 * client at work, printed as it happens: create, watches, multi, and the
 * server this session is connected to killed while the session survives.
 */
import { connect, type StateChange, type ZooKeeperClient } from "@zoosight/client";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import type { CliIO, Command } from "../command.ts";
import { UsageError } from "../command.ts";
import { serveCommand } from "./serve.ts";
import { statusCommand } from "./status.ts";

const USAGE = `usage: zoosight demo [--once] [--servers 1|3|5] [--port N] [--data DIR]

Starts a local ZooKeeper ensemble (Debian's ZooKeeper 3.8 jars) on free
loopback ports, shows @zoosight/client at work (create, watches, multi, the
connected server SIGKILLed while the session survives), prints
\`zoosight status\` for the ensemble, then runs \`zoosight serve\` against it
(/metrics, the Prometheus API and the zoosight API) until Ctrl-C.

  --once         exit after the walkthrough and the status table
  --servers N    ensemble size, 1, 3 or 5 (default 3)
  --port N       HTTP port of zoosight serve (default 7070; 0 picks a free port)
  --data DIR     data directory of zoosight serve (default ./zoosight-data)`;

interface DemoArgs {
  once: boolean;
  servers: 1 | 3 | 5;
  port: string;
  data: string | undefined;
}

function parseArgs(argv: string[]): DemoArgs {
  const args: DemoArgs = { once: false, servers: 3, port: "7070", data: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--once") args.once = true;
    else if (a === "--servers") {
      const n = Number(argv[++i]);
      if (n !== 1 && n !== 3 && n !== 5) throw new UsageError(`--servers must be 1, 3 or 5, got ${argv[i] ?? "nothing"}`);
      args.servers = n;
    } else if (a === "--port") {
      const v = argv[++i] ?? "";
      if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`--port must be a port number, got '${v}'`);
      args.port = v;
    } else if (a === "--data") {
      const v = argv[++i];
      if (!v) throw new UsageError("--data needs a directory");
      args.data = v;
    } else throw new UsageError(`unknown option '${a}' (see --help)`);
  }
  return args;
}

export const demoCommand: Command = {
  name: "demo",
  summary: "start a local ZooKeeper ensemble and show the client at work",
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { once, servers, port, data } = parseArgs(argv);
    const t0 = performance.now();
    const say = (text: string) => io.stdout(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${text}\n`);
    say(`starting a ${servers}-server ZooKeeper ensemble...`);
    const ensemble = await startEnsemble({ servers, name: "demo" });
    let client: ZooKeeperClient | undefined;
    try {
      for (const s of ensemble.servers) say(`  server ${s.id}: client ${s.clientAddress}, admin http://${s.adminAddress}`);
      const leader = await ensemble.leader();
      say(`ensemble serving, leader is server ${leader.id}`);
      client = await walkthrough(ensemble, say);
      // Servers as zoosight takes them: client port, and @ the AdminServer port.
      const zk = ensemble.servers.map((s) => `${s.clientAddress}@${s.adminPort}`).join(",");
      say(`zoosight status --zk ${zk}`);
      await statusCommand.run(["--zk", zk, "--name", "demo"], io);
      if (once) return 0;
      say(`zoosight serve --zk ${zk} --port ${port}${data ? ` --data ${data}` : ""} (Ctrl-C stops it and the ensemble)`);
      say(`  try: curl -s 127.0.0.1:${port}/metrics | grep zookeeper_up; curl -s 127.0.0.1:${port}/api/zoosight/ensembles`);
      return await serveCommand.run(["--zk", zk, "--name", "demo", "--port", port, ...(data ? ["--data", data] : [])], io);
    } finally {
      await client?.close().catch(() => {});
      await ensemble.close();
      say("ensemble stopped, temporary folders removed");
    }
  },
};

async function walkthrough(ensemble: Ensemble, say: (t: string) => void): Promise<ZooKeeperClient> {
  const zk = await connect(ensemble.connectString, { sessionTimeoutMs: 6000 });
  zk.on("state", (c: StateChange) =>
    say(`  session event: ${c.event}${c.server ? ` (server ${c.server})` : ""}${c.reason ? `: ${c.reason}` : ""}`),
  );
  say(`connected to ${zk.session.server}, session 0x${zk.sessionId.toString(16)}, timeout ${zk.session.negotiatedTimeoutMs} ms`);

  const base = await zk.create("/demo", "zoosight demo");
  say(`created ${base}`);
  const { data } = await zk.getData(base, {
    watch: (e) => say(`  watch fired: ${e.type} on ${e.path}`),
  });
  say(`read ${base} = ${JSON.stringify(data.toString())} with a one-shot data watch`);
  await zk.addWatch(base, (e) => say(`  recursive watch: ${e.type} ${e.path}`), "persistentRecursive");
  say(`added a persistent recursive watch on ${base}`);
  await zk.setData(base, "changed");
  const member = await zk.create(`${base}/member-`, "alive", { mode: "ephemeralSequential" });
  say(`created ephemeral ${member}`);

  const results = await zk.multi([
    { type: "create", path: `${base}/config`, data: "v1" },
    { type: "setData", path: base, data: "after multi" },
    { type: "check", path: base, version: 2 },
  ]);
  say(`multi of 3 ops committed atomically: ${results.map((r) => r.type).join(", ")}`);
  try {
    await zk.multi([
      { type: "create", path: `${base}/never` },
      { type: "delete", path: `${base}/missing` },
    ]);
  } catch (err) {
    say(`a failing multi changed nothing: ${(err as Error).name}: ${(err as Error).message}`);
  }

  const connected = ensemble.servers.find((s) => s.clientAddress === zk.session.server);
  if (connected && ensemble.servers.length > 1) {
    say(`SIGKILL server ${connected.id} (${connected.clientAddress}), the one this session uses...`);
    const reconnected = new Promise<void>((resolve) => zk.once("reconnected", () => resolve()));
    await connected.kill();
    await reconnected;
    const still = await zk.exists(member);
    say(`session 0x${zk.sessionId.toString(16)} survived on ${zk.session.server}; ephemeral ${member} ${still ? "still exists" : "is GONE"}`);
    await zk.setData(`${base}/config`, "v2");
    say(`wrote ${base}/config after the failover`);
    say(`restarting server ${connected.id}...`);
    await connected.restart();
    say(`server ${connected.id} is back (${await connected.mode()})`);
  }
  return zk;
}
