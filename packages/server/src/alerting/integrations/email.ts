/** E-mail over SMTP with nodemailer; the plain-text body is email-body.ts. */
import nodemailer from "nodemailer";
import type { EmailConfig } from "../config/types.ts";
import type { StoredAlert } from "../store/alert-store.ts";
import { type Notifier, type NotifyContext, NotifyError } from "./notifier.ts";
import { emailBody } from "./email-body.ts";

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
