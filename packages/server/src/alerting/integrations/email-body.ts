/**
 * The e-mail an on-call reads on a phone: a subject that names the alerts and their group, then
 * one block per alert led by its summary, with description, runbook, labels, times and a link.
 * Plain text only, so it reads the same in every client and in `mail` on a terminal.
 */
import type { StoredAlert } from "../store/alert-store.ts";
import type { NotifyContext } from "./notifier.ts";
import { type DataAlert, type TemplateData, templateData } from "./template-data.ts";

const FIRST_ANNOTATIONS = ["description", "runbook", "runbook_url"];
const MAX_NAMES_IN_SUBJECT = 3;

const pairs = (m: Record<string, string>, skip: readonly string[] = []) =>
  Object.entries(m)
    .filter(([k]) => !skip.includes(k))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");

/** "[FIRING:2] ZooKeeperServerDown (ensemble=prod)"; "[RESOLVED] ..." once nothing fires. */
export function emailSubject(d: TemplateData): string {
  const firing = d.alerts.filter((a) => a.status === "firing").length;
  const names = [...new Set(d.alerts.map((a) => a.labels.alertname ?? "(no alertname)"))];
  const shown = names.slice(0, MAX_NAMES_IN_SUBJECT).join(", ") + (names.length > MAX_NAMES_IN_SUBJECT ? ` +${names.length - MAX_NAMES_IN_SUBJECT} more` : "");
  const group = pairs(d.groupLabels, ["alertname"]);
  return `[${d.status === "firing" ? `FIRING:${firing}` : "RESOLVED"}] ${shown}${group ? ` (${group})` : ""}`;
}

function label(name: string): string {
  const head = name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, " ");
  return `${head}:`.padEnd(13);
}

function alertBlock(a: DataAlert): string {
  const name = a.labels.alertname ?? "(no alertname)";
  const lines = [`* ${a.annotations.summary ?? name}`, `  ${label("alert")}${name}`];
  const rest = Object.keys(a.annotations).filter((k) => k !== "summary" && !FIRST_ANNOTATIONS.includes(k)).sort();
  for (const k of [...FIRST_ANNOTATIONS.filter((k) => a.annotations[k] !== undefined), ...rest]) lines.push(`  ${label(k)}${a.annotations[k]}`);
  lines.push(`  ${label("labels")}${pairs(a.labels, ["alertname"])}`);
  lines.push(`  ${label("since")}${a.startsAt}`);
  if (a.status === "resolved") lines.push(`  ${label("resolved")}${a.endsAt}`);
  if (a.generatorURL) lines.push(`  ${label("source")}${a.generatorURL}`);
  return lines.join("\n");
}

export function emailBody(ctx: NotifyContext, alerts: readonly StoredAlert[]): { subject: string; text: string } {
  const d = templateData(ctx, alerts);
  const subject = emailSubject(d);
  const section = (status: "firing" | "resolved") => {
    const list = d.alerts.filter((a) => a.status === status);
    if (list.length === 0) return "";
    const head = `${status === "firing" ? "Firing" : "Resolved"} (${list.length}):`;
    return `${head}\n\n${list.map(alertBlock).join("\n\n")}\n\n`;
  };
  const intro = `Receiver ${d.receiver}, ${ctx.reason}${Object.keys(d.groupLabels).length ? `, group ${pairs(d.groupLabels)}` : ""}.`;
  const text = `${subject}\n\n${intro}\n\n${section("firing")}${section("resolved")}-- \nzoosight ${d.externalURL}\n`;
  return { subject, text };
}
