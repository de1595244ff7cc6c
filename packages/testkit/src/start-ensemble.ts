// startEnsemble: folders, ports, configs, parallel start, wait until the
// ensemble serves; on a port collision start over with new ports; on any
// other failure kill everything, remove the folder and say which server failed.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerSpec, serverSystemProperties, zooCfg } from "./config.ts";
import { type Ensemble, RunningEnsemble, removeDirSync } from "./ensemble.ts";
import { type EnsembleOptions, type ResolvedOptions, resolveOptions } from "./ensemble-options.ts";
import { EnsembleStartError, type ServerErrorContext } from "./errors.ts";
import { SERVING_MODES } from "./four-letter-word.ts";
import { FAST_JVM_FLAGS, systemPropertyFlags, zookeeperClassPath } from "./java.ts";
import { logShowsPortConflict } from "./log-tail.ts";
import { freePort, releasePort } from "./ports.ts";
import { tlsFourLetterWord } from "./tls-four-letter-word.ts";
import { generateTlsMaterial, type TlsMaterial } from "./tls-material.ts";
import { sleep } from "./wait.ts";
import { onProcessExit, trackPath, untrackPath } from "./watchdog.ts";
import { ZkServer } from "./zk-server.ts";

/** Set ZOOSIGHT_TESTKIT_KEEP=1 to keep temp folders (logs, data) after close() or a failed start. */
const keepDir = () => process.env.ZOOSIGHT_TESTKIT_KEEP === "1";

interface BootFailure {
  message: string;
  server?: ZkServer;
}

/**
 * Starts `servers` voters (and `observers`) in parallel, each in its own
 * folder under one temp folder, and resolves once the ensemble serves. On
 * failure nothing is left running or on disk, and the EnsembleStartError names
 * the server and quotes its log.
 */
export async function startEnsemble(options: EnsembleOptions = {}): Promise<Ensemble> {
  const o = resolveOptions(options, freePort);
  const classPath = zookeeperClassPath();
  const dir = await mkdtemp(join(tmpdir(), `zoosight-testkit-${o.name}-`));
  const keep = keepDir();
  if (!keep) trackPath(dir);
  const unhookExit = keep ? () => {} : onProcessExit(() => removeDirSync(dir));
  const discard = async () => {
    if (keep) return;
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    untrackPath(dir);
    unhookExit();
  };

  let servers: ZkServer[] = [];
  let ports: number[] = [];
  try {
    let tls: TlsMaterial | undefined;
    if (o.tls) {
      try {
        tls = await generateTlsMaterial(join(dir, "tls"));
      } catch (err) {
        throw new EnsembleStartError(`could not generate TLS certificates: ${(err as Error).message}`, { ensemble: o.name }, 0, {
          cause: err,
        });
      }
    }
    const props = serverSystemProperties(o);
    const launch = { ensemble: o.name, classPath, jvmFlags: [...FAST_JVM_FLAGS, ...systemPropertyFlags(props)] };

    for (let attempt = 1; ; attempt++) {
      ports = [];
      const specs = await allocate(o, ports);
      servers = specs.map((spec) => new ZkServer(spec, join(dir, `server-${spec.id}`), launch));
      const failure = await prepareAndBoot(servers, specs, o, tls);
      if (!failure) return new RunningEnsemble({ name: o.name, servers, dir, tls, ports, keepDir: keep, unhookExit });

      await Promise.all(servers.map((s) => s.kill()));
      const conflict = servers.some((s) => logShowsPortConflict(s.logFile));
      if (conflict && attempt < o.startAttempts) {
        for (const port of ports) releasePort(port);
        await Promise.all(servers.map((s) => rm(s.dir, { recursive: true, force: true, maxRetries: 5 })));
        continue;
      }
      // Read the log before the folder goes away.
      const context: ServerErrorContext = failure.server ? failure.server.context() : { ensemble: o.name };
      if (context.logFile && !keep) context.logFile += " (removed with the temp folder; ZOOSIGHT_TESTKIT_KEEP=1 keeps it)";
      const why = conflict ? `${failure.message}; a port was already in use on each of ${attempt} attempts` : failure.message;
      throw new EnsembleStartError(`could not start the ensemble: ${why}`, context, attempt);
    }
  } catch (err) {
    // Whatever failed (including a port source or a spawn throwing), leave nothing behind.
    await Promise.all(servers.map((s) => s.kill()));
    for (const port of ports) releasePort(port);
    await discard();
    if (err instanceof EnsembleStartError) throw err;
    throw new EnsembleStartError(`could not start the ensemble: ${(err as Error).message}`, { ensemble: o.name }, 1, { cause: err });
  }
}

async function allocate(o: ResolvedOptions, taken: number[]): Promise<ServerSpec[]> {
  const take = async () => {
    const port = await o.portSource();
    taken.push(port);
    return port;
  };
  const specs: ServerSpec[] = [];
  for (let id = 1; id <= o.servers + o.observers; id++) {
    specs.push({
      id,
      role: id > o.servers ? "observer" : "participant",
      ports: {
        client: await take(),
        admin: await take(),
        quorum: await take(),
        election: await take(),
        ...(o.tls ? { secure: await take() } : {}),
      },
    });
  }
  return specs;
}

async function prepareAndBoot(
  servers: ZkServer[],
  specs: ServerSpec[],
  o: ResolvedOptions,
  tls: TlsMaterial | undefined,
): Promise<BootFailure | undefined> {
  await Promise.all(
    servers.map((server, i) =>
      server.prepare(
        zooCfg({
          self: specs[i]!,
          members: specs,
          standalone: o.standalone,
          dataDir: server.dataDir,
          tickTime: o.tickTime,
          minSessionTimeout: o.minSessionTimeout,
          maxSessionTimeout: o.maxSessionTimeout,
          fourLetterWords: o.fourLetterWords,
          adminServer: o.adminServer,
          readOnlyMode: o.readOnlyMode,
          tls: tls && {
            keyStoreFile: tls.serverKeyStoreFile,
            trustStoreFile: tls.trustStoreFile,
            password: tls.storePassword,
            clientAuth: o.tlsClientAuth,
          },
          extraConfig: o.extraConfig,
        }),
      ),
    ),
  );
  await Promise.all(servers.map((s) => s.start()));
  return waitBooted(servers, o, tls);
}

/**
 * Undefined once every server serves, one leads, and every AdminServer and
 * TLS port (if enabled) answers. The TLS check also takes the slow first
 * handshake of each JVM out of the tests' time.
 */
async function waitBooted(servers: ZkServer[], o: ResolvedOptions, tls: TlsMaterial | undefined): Promise<BootFailure | undefined> {
  const deadline = Date.now() + o.startTimeoutMs;
  let lastLogCheck = Date.now();
  let modes = servers.map(() => "down");
  for (;;) {
    const exited = servers.find((s) => s.state === "stopped");
    if (exited) return { server: exited, message: `server ${exited.id} ended during start (${exited.lastExit})` };
    if (Date.now() - lastLogCheck > 1000) {
      // A taken admin or quorum port does not end the process: look for it in the log.
      lastLogCheck = Date.now();
      const conflicted = servers.find((s) => logShowsPortConflict(s.logFile));
      if (conflicted) return { server: conflicted, message: `server ${conflicted.id} could not bind a port` };
    }
    modes = await Promise.all(servers.map((s) => s.mode(2000)));
    const serving = modes.every((m) => (SERVING_MODES as string[]).includes(m));
    const leaders = modes.filter((m) => m === "leader" || m === "standalone").length;
    if (
      serving &&
      leaders === 1 &&
      (!o.adminServer || (await adminServersAnswer(servers))) &&
      (!tls || (await tlsPortsAnswer(servers, tls)))
    ) {
      return undefined;
    }
    if (Date.now() > deadline) break;
    await sleep(150);
  }
  const summary = servers.map((s, i) => `${s.id}=${modes[i]}`).join(" ");
  const culprit = servers.find((_, i) => !(SERVING_MODES as string[]).includes(modes[i]!)) ?? servers[0];
  return { server: culprit, message: `not serving after ${o.startTimeoutMs} ms (modes: ${summary})` };
}

async function adminServersAnswer(servers: ZkServer[]): Promise<boolean> {
  const answers = await Promise.all(servers.map((s) => s.admin("ruok", 2000).then(() => true, () => false)));
  return answers.every(Boolean);
}

async function tlsPortsAnswer(servers: ZkServer[], tls: TlsMaterial): Promise<boolean> {
  const answers = await Promise.all(
    servers.map((s) => tlsFourLetterWord(s.host, s.securePort!, "ruok", tls).then((a) => a === "imok", () => false)),
  );
  return answers.every(Boolean);
}
