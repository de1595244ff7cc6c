// Servers must die with the test process, however it ends:
// - normal exit: a process 'exit' handler kills them synchronously;
// - SIGKILL / crash: a detached shell holds the read end of a pipe from this
//   process; when the pipe closes (the kernel closes it when we die, so this
//   also works if our parent never reaps us) it kills every pid still
//   registered and removes every registered path (temp folders, port reservations).
// The shell and its pipe are unref'd so they never keep the event loop alive.
import { type ChildProcess, spawn } from "node:child_process";
import type { Socket } from "node:net";

const SCRIPT = `
nl='
'
IFS=$nl
pids=''
paths=''
without() { r=''; for x in $1; do [ "$x" = "$2" ] || r="$r$nl$x"; done; printf '%s' "$r"; }
while read -r line; do
  case $line in
    "pid "*) pids="$pids$nl\${line#pid }" ;;
    "unpid "*) pids=$(without "$pids" "\${line#unpid }") ;;
    "path "*) paths="$paths$nl\${line#path }" ;;
    "unpath "*) paths=$(without "$paths" "\${line#unpath }") ;;
  esac
done
for p in $pids; do kill -CONT "$p"; kill -KILL "$p"; done 2>/dev/null
sleep 0.2
for p in $paths; do rm -rf "$p"; done 2>/dev/null
`;

let shell: ChildProcess | undefined;
const pids = new Set<number>();
const paths = new Set<string>();
const exitHooks = new Set<() => void>();
let exitHandlerInstalled = false;

function send(line: string): void {
  if (!shell || shell.exitCode !== null || shell.signalCode !== null || !shell.stdin?.writable) {
    shell = spawn("/bin/sh", ["-c", SCRIPT], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
    shell.unref();
    const stdin = shell.stdin as Socket;
    stdin.unref();
    stdin.on("error", () => {
      // The watchdog died (someone killed it); the next send starts a new one.
    });
    // A new watchdog knows nothing: tell it everything still registered.
    for (const p of pids) stdin.write(`pid ${p}\n`);
    for (const p of paths) stdin.write(`path ${p}\n`);
    return; // the sets already reflect `line`
  }
  shell.stdin?.write(`${line}\n`);
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on("exit", () => {
    // Servers first, so the hooks can remove their folders.
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    for (const hook of exitHooks) {
      try {
        hook();
      } catch {
        // Best effort: keep running the other hooks.
      }
    }
  });
}

/** Kill `pid` if this process dies before calling untrackPid. */
export function trackPid(pid: number): void {
  installExitHandler();
  pids.add(pid);
  send(`pid ${pid}`);
}

export function untrackPid(pid: number): void {
  if (!pids.delete(pid)) return;
  send(`unpid ${pid}`);
}

/** Remove `path` (a file or a folder) if this process dies before calling untrackPath. */
export function trackPath(path: string): void {
  if (path.includes("\n")) return; // cannot be sent over the line protocol
  paths.add(path);
  send(`path ${path}`);
}

export function untrackPath(path: string): void {
  if (!paths.delete(path)) return;
  send(`unpath ${path}`);
}

/** Runs `hook` synchronously on process exit (until the returned function is called). */
export function onProcessExit(hook: () => void): () => void {
  installExitHandler();
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}
