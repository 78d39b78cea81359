import type { AuditLog } from "../audit/audit-log";
import { burnPasswordCheck, verifyPassword } from "./password";
import { LoginThrottle, perAccount, perClient } from "./login-throttle";
import type { Session, Sessions } from "./sessions";
import type { User, Users } from "./users";

export type SignInResult =
  | { ok: true; token: string; session: Session; user: User }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "locked"; retryAfter: number };

export interface SignInAttempt {
  email: string;
  password: string;
  /** The caller's address, for the per-client limit and the security event. */
  client: string;
  requestId: string;
}

/**
 * Sign-in and sign-out as security events: every attempt, good or bad, is
 * appended to the audit log (the account's chain, or `auth#unknown` for an
 * email that has no account), and repeated failures lock the account and the
 * client for a while.
 */
export class SignIn {
  constructor(
    private readonly users: Users,
    private readonly sessions: Sessions,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
  ) {}

  async attempt({ email, password, client, requestId }: SignInAttempt): Promise<SignInResult> {
    const user = await this.users.findForLogin(email);
    const subject = user ? `user#${email}` : "auth#unknown";
    const event = (action: string, data: Record<string, unknown>) => ({
      subject,
      actor: email,
      action,
      requestId,
      data: { email, client, ...data },
      opdCode: user?.opdCode,
    });

    const retryAfter = Math.max(await this.throttle.retryAfter(`account#${email}`), await this.throttle.retryAfter(`client#${client}`));
    if (retryAfter > 0) {
      await this.audit.record(event("auth.login_refused", { reason: "locked", retryAfter }));
      return { ok: false, reason: "locked", retryAfter };
    }

    const passwordOk = user ? await verifyPassword(password, user.passwordHash) : await burnPasswordCheck(password);
    if (!user || !passwordOk || !user.active) {
      const reason = !user ? "unknown_account" : !user.active ? "inactive_account" : "wrong_password";
      const locked = Math.max(await this.throttle.fail(`account#${email}`, perAccount), await this.throttle.fail(`client#${client}`, perClient));
      await this.audit.record(event("auth.login_failed", { reason, ...(locked ? { lockedFor: locked } : {}) }));
      return locked ? { ok: false, reason: "locked", retryAfter: locked } : { ok: false, reason: "invalid_credentials" };
    }

    await this.throttle.succeed(`account#${email}`);
    const { token, session, write } = this.sessions.issue(email);
    await this.audit.record(event("auth.login_succeeded", { sessionId: session.id.slice(0, 12) }), [write]);
    const { passwordHash: _hash, ...visible } = user;
    return { ok: true, token, session, user: visible };
  }

  async signOut(session: Session, requestId: string, opdCode?: string): Promise<void> {
    await this.audit.record(
      { subject: `user#${session.email}`, actor: session.email, action: "auth.logout", requestId, data: { sessionId: session.id.slice(0, 12) }, opdCode },
      [this.sessions.revocation(session)],
    );
  }
}
