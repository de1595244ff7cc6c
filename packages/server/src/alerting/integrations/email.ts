/** E-mail over SMTP with nodemailer; a plain-text body that lists every alert. */
import nodemailer from "nodemailer";
import type { EmailConfig } from "../config/types.ts";
import type { StoredAlert } from "../store/alert-store.ts";
import { type Notifier, type NotifyContext, NotifyError } from "./notifier.ts";
import { alertLine, templateData, title } from "./template-data.ts";

export function emailBody(ctx: NotifyContext, alerts: readonly StoredAlert[]): { subject: string; text: string } {
  const d = templateData(ctx, alerts);
  const firing = d.alerts.filter((a) => a.status === "firing");
  const resolved = d.alerts.filter((a) => a.status === "resolved");
  const section = (name: string, list: typeof firing) =>
    list.length === 0
      ? ""
      : `${name} (${list.length}):\n${list
          .map((a) => {
            const ann = Object.entries(a.annotations)
              .map(([k, v]) => `    ${k}: ${v}`)
              .join("\n");
            return `  - ${alertLine(a)}${ann ? `\n${ann}` : ""}`;
          })
          .join("\n")}\n\n`;
  const text = `${title(d)}\n\nReceiver: ${d.receiver}\nReason: ${ctx.reason}\nGroup: ${Object.entries(d.groupLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ")}\n\n${section("Firing", firing)}${section("Resolved", resolved)}-- \nzoosight ${d.externalURL}\n`;
  return { subject: title(d), text };
}

export class EmailNotifier implements Notifier {
  readonly kind = "email";
  constructor(private readonly config: EmailConfig) {}
  get sendResolved(): boolean {
    return this.config.sendResolved;
  }
  async notify(ctx: NotifyContext, alerts: readonly StoredAlert[]): Promise<void> {
    const idx = this.config.smarthost.lastIndexOf(":");
    const host = this.config.smarthost.slice(0, idx).replace(/^\[|\]$/g, "");
    const port = Number(this.config.smarthost.slice(idx + 1));
    const transport = nodemailer.createTransport({
      host,
      port,
      secure: port === 465,
      requireTLS: this.config.requireTls,
      ignoreTLS: !this.config.requireTls,
      connectionTimeout: 10_000,
      socketTimeout: 10_000,
      ...(this.config.authUsername !== undefined ? { auth: { user: this.config.authUsername, pass: this.config.authPassword ?? "" } } : {}),
    });
    const { subject, text } = emailBody(ctx, alerts);
    try {
      await transport.sendMail({ from: this.config.from, to: this.config.to, subject, text });
    } catch (err) {
      const e = err as { responseCode?: number; code?: string; message: string };
      const code = e.responseCode;
      // 5xx SMTP replies are permanent; network errors and 4xx replies are transient
      const recoverable = code === undefined || (code >= 400 && code < 500);
      const pw = this.config.authPassword;
      const msg = pw ? e.message.split(pw).join("<secret>") : e.message;
      throw new NotifyError(`SMTP ${this.config.smarthost}: ${code ?? e.code ?? ""} ${msg}`.trim(), recoverable, code);
    } finally {
      transport.close();
    }
  }
}
