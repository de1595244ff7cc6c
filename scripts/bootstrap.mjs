// Makes a fresh clone runnable: npm dependencies, and the Debian packages the
// real-system parts need (ZooKeeper, servlet-api, Prometheus, Alertmanager).
// Uses only node builtins because it runs before `npm ci`.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const quiet = process.argv.includes("--quiet");
const log = (msg) => {
  if (!quiet) process.stderr.write(`[bootstrap] ${msg}\n`);
};

function npmInstallIfStale() {
  const stamp = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  if (existsSync(stamp) && existsSync(lock) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs) return;
  const npm = (cmd) =>
    spawnSync("npm", [cmd, "--no-audit", "--no-fund"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] }).status === 0;
  log(`installing npm dependencies (npm ${existsSync(lock) ? "ci" : "install"})`);
  let ok = existsSync(lock) ? npm("ci") : npm("install");
  if (!ok && existsSync(lock)) {
    // A lock file out of step with package.json should not stop a fresh clone from running.
    log("npm ci failed; trying npm install");
    ok = npm("install");
  }
  if (!ok) {
    process.stderr.write("bootstrap: npm install failed (see above)\n");
    process.exit(1);
  }
}

const REQUIRED = [
  { file: "/usr/share/java/zookeeper.jar", pkg: "zookeeper" },
  { file: "/usr/share/java/servlet-api.jar", pkg: "libservlet-api-java" },
  { file: "/usr/bin/prometheus", pkg: "prometheus" },
  { file: "/usr/bin/prometheus-alertmanager", pkg: "prometheus-alertmanager" },
];

function aptInstallIfMissing() {
  const missing = REQUIRED.filter((r) => !existsSync(r.file)).map((r) => r.pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    process.stderr.write(
      `bootstrap: missing system packages: ${missing.join(" ")}\n` +
        `  install them with: sudo apt-get install -y ${missing.join(" ")}\n`,
    );
    process.exit(1);
  }
  log(`installing Debian packages: ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    execFileSync("apt-get", ["install", "-y", "-q", ...missing], { stdio: ["ignore", "ignore", "inherit"], env });
  } catch {
    log("apt-get install failed; running apt-get update and retrying");
    execFileSync("apt-get", ["update", "-q"], { stdio: ["ignore", "ignore", "inherit"], env });
    execFileSync("apt-get", ["install", "-y", "-q", ...missing], { stdio: ["ignore", "ignore", "inherit"], env });
  }
}

npmInstallIfStale();
aptInstallIfMissing();
