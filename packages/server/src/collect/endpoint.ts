/** A host:port pair as written in configuration and on the command line. */
export interface HostPort {
  host: string;
  port: number;
}

export class EndpointError extends Error {
  override name = "EndpointError";
}

/** Parses "host:port" or "[v6]:port". Throws EndpointError naming the bad text. */
export function parseHostPort(text: string): HostPort {
  const t = text.trim();
  let host: string;
  let portText: string;
  if (t.startsWith("[")) {
    const end = t.indexOf("]");
    if (end < 0 || t[end + 1] !== ":") throw new EndpointError(`'${text}' is not host:port`);
    host = t.slice(1, end);
    portText = t.slice(end + 2);
  } else {
    const i = t.lastIndexOf(":");
    if (i <= 0) throw new EndpointError(`'${text}' is not host:port`);
    host = t.slice(0, i);
    portText = t.slice(i + 1);
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw new EndpointError(`'${text}' has no valid port (1-65535)`);
  }
  if (host.length === 0 || /[\s/]/.test(host)) throw new EndpointError(`'${text}' has no valid host`);
  return { host, port: Number(portText) };
}

export function formatHostPort(hp: HostPort): string {
  return hp.host.includes(":") ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}

/** One server to collect from: its client port, and its AdminServer if known. */
export interface ServerTarget {
  /** host:port of the client port; the `server` label. */
  address: string;
  client: HostPort;
  admin?: HostPort;
}

/**
 * Parses a server spec: "host:port" (four-letter words only, unless an AdminServer port default
 * is given) or "host:port@adminPort" / "host:port@adminHost:adminPort".
 */
export function parseServerSpec(text: string, defaultAdminPort?: number): ServerTarget {
  const at = text.indexOf("@");
  const clientText = at < 0 ? text : text.slice(0, at);
  const client = parseHostPort(clientText);
  let admin: HostPort | undefined;
  if (at >= 0) {
    const adminText = text.slice(at + 1).trim();
    admin = /^\d+$/.test(adminText)
      ? parseHostPort(`${formatHostPort({ host: client.host, port: 1 }).slice(0, -2)}:${adminText}`)
      : parseHostPort(adminText);
  } else if (defaultAdminPort !== undefined) {
    admin = { host: client.host, port: defaultAdminPort };
  }
  const target: ServerTarget = { address: formatHostPort(client), client };
  if (admin) target.admin = admin;
  return target;
}
