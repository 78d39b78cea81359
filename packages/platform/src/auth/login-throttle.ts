import type { Db } from "../storage/db";

export interface ThrottlePolicy {
  /** Failures allowed within the window before the key is locked. */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const perAccount: ThrottlePolicy = { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
export const perClient: ThrottlePolicy = { maxFailures: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

interface ThrottleItem {
  failures: number;
  windowStart: number;
  lockedUntil?: number;
}

/**
 * Counts failed sign-ins per key (an account, a client address) in a fixed
 * window and locks the key once the count passes the policy. Counting is an
 * atomic ADD, so parallel guesses cannot slip past the limit.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Seconds until the key may try again, or 0 when it may try now. */
  async retryAfter(key: string): Promise<number> {
    const item = await this.db.get<ThrottleItem>(`THROTTLE#${key}`, "LOGIN", true);
    const now = this.nowSeconds();
    return item?.lockedUntil && item.lockedUntil > now ? item.lockedUntil - now : 0;
  }

  /** Records a failure; returns the seconds of lock it caused (0 when not locked). */
  async fail(key: string, policy: ThrottlePolicy): Promise<number> {
    const now = this.nowSeconds();
    const item = await this.db.get<ThrottleItem>(`THROTTLE#${key}`, "LOGIN", true);
    const windowOpen = item && item.windowStart > now - policy.windowSeconds;
    const updated = (await this.db.update({
      Key: { pk: `THROTTLE#${key}`, sk: "LOGIN" },
      UpdateExpression: windowOpen
        ? "ADD failures :one SET expiresAt = :expires"
        : "SET failures = :one, windowStart = :now, expiresAt = :expires REMOVE lockedUntil",
      ExpressionAttributeValues: {
        ":one": 1,
        ":expires": now + policy.windowSeconds + policy.lockSeconds,
        ...(windowOpen ? {} : { ":now": now }),
      },
    })) as unknown as ThrottleItem;
    if (updated.failures < policy.maxFailures) return 0;
    const lockedUntil = now + policy.lockSeconds;
    await this.db.update({
      Key: { pk: `THROTTLE#${key}`, sk: "LOGIN" },
      UpdateExpression: "SET lockedUntil = :until",
      ExpressionAttributeValues: { ":until": lockedUntil },
    });
    return policy.lockSeconds;
  }

  /** A successful sign-in clears the account's count. */
  async succeed(key: string): Promise<void> {
    await this.db.update({
      Key: { pk: `THROTTLE#${key}`, sk: "LOGIN" },
      UpdateExpression: "SET failures = :zero, windowStart = :now REMOVE lockedUntil",
      ExpressionAttributeValues: { ":zero": 0, ":now": this.nowSeconds() },
    });
  }

  private nowSeconds() {
    return Math.floor(this.now().getTime() / 1000);
  }
}
