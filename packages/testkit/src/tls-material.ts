// A throw-away PKI for one ensemble: a CA, a server certificate (for
// 127.0.0.1/localhost) and a client certificate, both signed by the CA.
// openssl writes the PEM files and the PKCS12 key stores; keytool writes the
// trust store because Java only trusts PKCS12 entries that carry its own
// "trusted certificate" attribute, which openssl cannot set.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runTool } from "./run-tool.ts";

export interface TlsMaterial {
  /** PEM of the CA certificate, the client certificate and the client key (for node:tls). */
  ca: string;
  cert: string;
  key: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** PKCS12 stores (for Java clients such as zkCli); all use `storePassword`. */
  serverKeyStoreFile: string;
  clientKeyStoreFile: string;
  trustStoreFile: string;
  storePassword: string;
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

export async function generateTlsMaterial(dir: string): Promise<TlsMaterial> {
  await mkdir(dir, { recursive: true });
  const f = (name: string) => join(dir, name);
  const storePassword = randomBytes(9).toString("base64url");
  const days = "30";
  await runTool("openssl", [
    "req", "-x509", ...EC, "-keyout", f("ca.key"), "-out", f("ca.pem"), "-days", days,
    "-subj", "/CN=zoosight-testkit-ca",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  const signed = async (who: "server" | "client", cn: string, usage: string) => {
    await writeFile(f(`${who}.ext`), `subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=${usage}\n`);
    await runTool("openssl", ["req", ...EC, "-keyout", f(`${who}.key`), "-out", f(`${who}.csr`), "-subj", `/CN=${cn}`]);
    await runTool("openssl", [
      "x509", "-req", "-in", f(`${who}.csr`), "-CA", f("ca.pem"), "-CAkey", f("ca.key"),
      "-set_serial", `0x${randomBytes(8).toString("hex")}`, "-days", days,
      "-extfile", f(`${who}.ext`), "-out", f(`${who}.pem`),
    ]);
    await runTool("openssl", [
      "pkcs12", "-export", "-in", f(`${who}.pem`), "-inkey", f(`${who}.key`), "-certfile", f("ca.pem"),
      "-name", who, "-out", f(`${who}.p12`), "-passout", `pass:${storePassword}`,
    ]);
  };
  await Promise.all([
    signed("server", "localhost", "serverAuth,clientAuth"),
    signed("client", "zoosight-testkit-client", "clientAuth"),
    runTool("keytool", [
      "-importcert", "-noprompt", "-alias", "zoosight-testkit-ca", "-file", f("ca.pem"),
      "-keystore", f("truststore.p12"), "-storetype", "PKCS12", "-storepass", storePassword,
    ]),
  ]);
  const [ca, cert, key] = await Promise.all([readFile(f("ca.pem"), "utf8"), readFile(f("client.pem"), "utf8"), readFile(f("client.key"), "utf8")]);
  return {
    ca,
    cert,
    key,
    caFile: f("ca.pem"),
    certFile: f("client.pem"),
    keyFile: f("client.key"),
    serverKeyStoreFile: f("server.p12"),
    clientKeyStoreFile: f("client.p12"),
    trustStoreFile: f("truststore.p12"),
    storePassword,
  };
}
