/** POST JSON; classifies failures like Alertmanager: 2xx ok, 5xx/network retryable, other codes fatal. */
import { NotifyError, redactUrl } from "./notifier.ts";

export async function postJson(url: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const sig = signal ? AbortSignal.any([signal, timeout]) : timeout;
  // fetch refuses URLs with credentials: send them as Basic auth instead
  const target = new URL(url);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "zoosight" };
  if (target.username !== "" || target.password !== "") {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString("base64")}`;
    target.username = "";
    target.password = "";
  }
  let res: Response;
  try {
    res = await fetch(target, { method: "POST", headers, body: JSON.stringify(body), signal: sig });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new NotifyError(`POST ${redactUrl(url)} failed: ${cause}`, true);
  }
  const text = await res.text().catch(() => "");
  if (res.status >= 200 && res.status < 300) return;
  const snippet = text.slice(0, 200).replace(/\s+/g, " ");
  throw new NotifyError(`POST ${redactUrl(url)}: HTTP ${res.status}${snippet ? `: ${snippet}` : ""}`, res.status >= 500, res.status);
}
