import { createHash, randomBytes } from "node:crypto";
import * as z from "zod";
import { instantSchema, opdCodeSchema, toDate } from "@naungan/core";
import type { AuditLog } from "../audit/audit-log";
import { emailSchema } from "../auth/users";
import type { Db, TransactionRefused, TransactItem } from "../storage/db";

/** The steps decided by email link; the treasurer's disbursement needs the app (SP2D, transfer). */
export const linkSteps = ["opd_head", "finance"] as const;
export type LinkStep = (typeof linkSteps)[number];

/**
 * How long an item outlives its link before DynamoDB's TTL removes it, so an
 * expired link still answers "expired" rather than "unknown" for a while.
 */
export const LINK_RETENTION_SECONDS = 14 * 24 * 60 * 60;

// A caseId goes into keys and URLs: keep it to URL-safe characters.
const caseIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, '_' or '-'");

export const issueLinkSchema = z.object({
  caseId: caseIdSchema,
  attempt: z.int().min(1).max(999),
  step: z.enum(linkSteps),
  approverEmail: emailSchema,
  expiresAt: z.union([z.date(), instantSchema]).transform((v) => toDate(v).toISOString()),
  /** The case's OPD, for the audit event's OPD filter. */
  opdCode: opdCodeSchema.optional(),
});
export type IssueLinkInput = z.input<typeof issueLinkSchema>;

export type LinkStatus = "issued" | "used";

/** What a link is bound to. `linkId` is the SHA-256 of the token: safe to log, useless to click. */
export interface ApprovalLink {
  linkId: string;
  caseId: string;
  attempt: number;
  step: LinkStep;
  approverEmail: string;
  /** ISO instant after which the link is refused. */
  expiresAt: string;
  status: LinkStatus;
  issuedAt: string;
  usedAt?: string;
}

export type LinkRefusal = "unknown" | "used" | "expired";

export type PeekResult = { ok: true; link: ApprovalLink } | { ok: false; reason: "unknown" } | { ok: false; reason: "used" | "expired"; link: ApprovalLink };

interface LinkItem {
  pk: string;
  sk: string;
  linkId: string;
  caseId: string;
  attempt: number;
  step: LinkStep;
  approverEmail: string;
  /** The link's own expiry; `expiresAt` on the item is the table's TTL (epoch seconds). */
  validUntil: string;
  status: LinkStatus;
  issuedAt: string;
  usedAt?: string;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes in base64url

const digest = (token: string) => createHash("sha256").update(token).digest("hex");
const key = (linkId: string) => ({ pk: `APPROVAL#${linkId}`, sk: "APPROVAL" });

/**
 * Approval links (DESIGN.md §4): an opaque 256-bit token mailed to one
 * approver, of which only the SHA-256 is stored, bound to one case, attempt,
 * step and expiry. Reading a link changes nothing (mail scanners prefetch);
 * the decision burns it inside the decision's own transaction.
 */
export class ApprovalLinks {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
    /** Turns a token into the absolute URL mailed; without it, `issue` returns no url. */
    private readonly approveUrl?: (token: string) => string,
  ) {}

  /** A new link for one approver of one step; the token is returned once and never stored. */
  async issue(input: IssueLinkInput, by: { actor: string; requestId: string }): Promise<{ token: string; url?: string; link: ApprovalLink }> {
    const issuedAt = this.now();
    const binding = issueLinkSchema
      .refine((b) => b.expiresAt > issuedAt.toISOString(), { path: ["expiresAt"], message: "must be in the future" })
      .parse(input);
    const token = randomBytes(32).toString("base64url");
    const linkId = digest(token);
    const item: LinkItem = {
      ...key(linkId),
      linkId,
      caseId: binding.caseId,
      attempt: binding.attempt,
      step: binding.step,
      approverEmail: binding.approverEmail,
      validUntil: binding.expiresAt,
      status: "issued",
      issuedAt: issuedAt.toISOString(),
    };
    const ttl = Math.floor(Date.parse(binding.expiresAt) / 1000) + LINK_RETENTION_SECONDS;
    await this.audit.record(
      {
        subject: `case#${binding.caseId}`,
        actor: by.actor,
        action: "approval_link.issued",
        requestId: by.requestId,
        data: { linkId, attempt: binding.attempt, step: binding.step, approverEmail: binding.approverEmail, expiresAt: binding.expiresAt },
        ...(binding.opdCode ? { opdCode: binding.opdCode } : {}),
      },
      [{ Put: { Item: { ...item, type: "approval_link", expiresAt: ttl }, ConditionExpression: "attribute_not_exists(pk)" } }],
    );
    const link = toLink(item);
    return { token, ...(this.approveUrl ? { url: this.approveUrl(token) } : {}), link };
  }

  /** What a token stands for, or why it cannot be used. Reads only. */
  async peek(token: string): Promise<PeekResult> {
    const item = await this.read(token);
    if (!item) return { ok: false, reason: "unknown" };
    const link = toLink(item);
    const refusal = refusalOf(item, this.now());
    return refusal ? { ok: false, reason: refusal, link } : { ok: true, link };
  }

  /**
   * The write that marks the link used, for the caller's decision transaction:
   * refused unless the link exists, is unused and has not expired at `now`.
   * An unknown or malformed token names no stored item, so its write is always refused.
   */
  burnWrite(token: string, now: Date = this.now()): TransactItem {
    const at = now.toISOString();
    return {
      Update: {
        Key: key(digest(token)),
        UpdateExpression: "SET #status = :used, usedAt = :at",
        ConditionExpression: "#status = :issued AND validUntil > :at",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":used": "used", ":issued": "issued", ":at": at },
      },
    };
  }

  /**
   * Why a transaction holding `burnWrite(token, now)` at position `index` of
   * its writes was refused because of the link; undefined when the link was
   * not the cause (another write refused it, or it was a conflict).
   */
  async burnRefusal(err: TransactionRefused, index: number, token: string, now: Date = this.now()): Promise<LinkRefusal | undefined> {
    if (err.reasons[index] !== "ConditionalCheckFailed") return undefined;
    const item = await this.read(token);
    return item ? refusalOf(item, now) : "unknown";
  }

  private async read(token: string): Promise<LinkItem | undefined> {
    // Tampered or truncated tokens cannot be ours: no read needed.
    if (!TOKEN_PATTERN.test(token)) return undefined;
    const { pk, sk } = key(digest(token));
    return this.db.get<LinkItem>(pk, sk, true);
  }
}

// Used wins over expired: a link that did its job says so for good.
function refusalOf(item: LinkItem, now: Date): "used" | "expired" | undefined {
  if (item.status === "used") return "used";
  if (item.validUntil <= now.toISOString()) return "expired";
  return undefined;
}

function toLink(item: LinkItem): ApprovalLink {
  return {
    linkId: item.linkId,
    caseId: item.caseId,
    attempt: item.attempt,
    step: item.step,
    approverEmail: item.approverEmail,
    expiresAt: item.validUntil,
    status: item.status,
    issuedAt: item.issuedAt,
    ...(item.usedAt ? { usedAt: item.usedAt } : {}),
  };
}
