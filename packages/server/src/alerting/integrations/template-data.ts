/** Alertmanager's template data (.Receiver, .Status, .Alerts, .GroupLabels, .CommonLabels, ...). */
import { isResolved, type StoredAlert } from "../store/alert-store.ts";
import type { NotifyContext } from "./notifier.ts";

export interface DataAlert {
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export interface TemplateData {
  receiver: string;
  status: "firing" | "resolved";
  alerts: DataAlert[];
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function common(maps: Record<string, string>[]): Record<string, string> {
  if (maps.length === 0) return {};
  const out: Record<string, string> = { ...maps[0] };
  for (const m of maps.slice(1)) for (const k of Object.keys(out)) if (m[k] !== out[k]) delete out[k];
  return out;
}

export function templateData(ctx: NotifyContext, alerts: readonly StoredAlert[]): TemplateData {
  const data: DataAlert[] = alerts.map((a) => ({
    status: isResolved(a, ctx.now) ? "resolved" : "firing",
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    startsAt: iso(a.startsAt),
    endsAt: iso(a.endsAt),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
  }));
  return {
    receiver: ctx.receiver,
    status: data.some((a) => a.status === "firing") ? "firing" : "resolved",
    alerts: data,
    groupLabels: { ...ctx.groupLabels },
    commonLabels: common(data.map((a) => a.labels)),
    commonAnnotations: common(data.map((a) => a.annotations)),
    externalURL: ctx.externalURL,
  };
}

/** One readable line per alert, used by Slack and e-mail bodies. */
export function alertLine(a: DataAlert): string {
  const name = a.labels.alertname ?? "(no alertname)";
  const rest = Object.entries(a.labels)
    .filter(([k]) => k !== "alertname")
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const summary = a.annotations.summary ?? a.annotations.description ?? "";
  return `[${a.status.toUpperCase()}] ${name} ${rest}${summary ? ` - ${summary}` : ""} (since ${a.startsAt}${a.status === "resolved" ? `, resolved ${a.endsAt}` : ""})`;
}

export function title(d: TemplateData): string {
  const firing = d.alerts.filter((a) => a.status === "firing").length;
  const gl = Object.entries(d.groupLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return `[${d.status.toUpperCase()}${d.status === "firing" ? `:${firing}` : ""}] ${gl || d.commonLabels.alertname || "alerts"}`;
}

/** A tiny subset of Go templates for slack title/text: {{ .Status }}, {{ .Receiver }}, {{ .GroupLabels.x }}, {{ .CommonLabels.x }}, {{ .CommonAnnotations.x }}. */
export function renderSimple(tpl: string, d: TemplateData): string {
  return tpl.replace(/\{\{\s*\.([A-Za-z]+)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\s*\}\}/g, (whole, field: string, key?: string) => {
    const v = (d as unknown as Record<string, unknown>)[field.charAt(0).toLowerCase() + field.slice(1)];
    if (key !== undefined && v && typeof v === "object") return String((v as Record<string, string>)[key] ?? "");
    if (typeof v === "string") return v;
    return whole;
  });
}
