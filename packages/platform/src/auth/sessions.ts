import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db, TransactItem } from "../storage/db";

export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface Session {
  id: string;
  email: string;
  createdAt: string;
  expiresAt: number;
}

interface SessionItem extends Session {
  revokedAt?: string;
}

/**
 * Sessions are opaque random ids signed with the session key
 * (`<id>.<hmac>`), so forged tokens are refused without a read. Only the
 * SHA-256 of the id is stored, and a session is revoked by an update (the
 * API has no DeleteItem); DynamoDB's TTL removes expired ones.
 */
export class Sessions {
  constructor(
    private readonly db: Db,
    private readonly signingKey: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (signingKey.length < 32) throw new Error("the session signing key must be at least 32 characters");
  }

  /** A new session for `email`; the caller stores `write` (with its audit event). */
  issue(email: string): { token: string; session: Session; write: TransactItem } {
    const id = randomBytes(32).toString("base64url");
    const createdAt = this.now();
    const session: Session = {
      id: digest(id),
      email,
      createdAt: createdAt.toISOString(),
      expiresAt: Math.floor(createdAt.getTime() / 1000) + SESSION_TTL_SECONDS,
    };
    const write: TransactItem = {
      Put: { Item: { pk: `SESSION#${session.id}`, sk: "SESSION", type: "session", ...session }, ConditionExpression: "attribute_not_exists(pk)" },
    };
    return { token: `${id}.${this.sign(id)}`, session, write };
  }

  /** The live session a token stands for, or undefined (forged, unknown, expired or revoked). */
  async resolve(token: string): Promise<Session | undefined> {
    const id = this.verifiedId(token);
    if (!id) return undefined;
    const item = await this.db.get<SessionItem>(`SESSION#${digest(id)}`, "SESSION", true);
    if (!item || item.revokedAt || item.expiresAt <= Math.floor(this.now().getTime() / 1000)) return undefined;
    return { id: item.id, email: item.email, createdAt: item.createdAt, expiresAt: item.expiresAt };
  }

  /** The write that revokes the session of a token (stored with its audit event). */
  revocation(session: Session): TransactItem {
    return {
      Update: {
        Key: { pk: `SESSION#${session.id}`, sk: "SESSION" },
        UpdateExpression: "SET revokedAt = if_not_exists(revokedAt, :now)",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":now": this.now().toISOString() },
      },
    };
  }

  /** The form token bound to a session: a cross-site page cannot know it. */
  csrfToken(session: Session): string {
    return createHmac("sha256", this.signingKey).update(`csrf:${session.id}`).digest("base64url");
  }

  checkCsrfToken(session: Session, candidate: string | undefined): boolean {
    return !!candidate && safeEqual(candidate, this.csrfToken(session));
  }

  private sign(id: string): string {
    return createHmac("sha256", this.signingKey).update(`session:${id}`).digest("base64url");
  }

  private verifiedId(token: string): string | undefined {
    const [id, signature, ...rest] = token.split(".");
    if (!id || !signature || rest.length > 0 || id.length !== 43) return undefined;
    return safeEqual(signature, this.sign(id)) ? id : undefined;
  }
}

const digest = (value: string) => createHash("sha256").update(value).digest("hex");

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
