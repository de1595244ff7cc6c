/** POST JSON; classifies failures like Alertmanager: 2xx ok, 5xx/network retryable, other codes fatal. */
import { NotifyError, redactUrl } from "./notifier.ts";

export async function postJson(url: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const sig = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "user-agent": "zoosight" }, body: JSON.stringify(body), signal: sig });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new NotifyError(`POST ${redactUrl(url)} failed: ${cause}`, true);
  }
  const text = await res.text().catch(() => "");
  if (res.status >= 200 && res.status < 300) return;
  const snippet = text.slice(0, 200).replace(/\s+/g, " ");
  throw new NotifyError(`POST ${redactUrl(url)}: HTTP ${res.status}${snippet ? `: ${snippet}` : ""}`, res.status >= 500, res.status);
}
