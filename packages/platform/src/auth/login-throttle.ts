import { conditionFailed, type Db } from "../storage/db";

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
    const updated = await this.count(key, policy);
    if (updated.failures < policy.maxFailures) return 0;
    await this.db.update({
      Key: { pk: `THROTTLE#${key}`, sk: "LOGIN" },
      UpdateExpression: "SET lockedUntil = :until",
      ExpressionAttributeValues: { ":until": this.nowSeconds() + policy.lockSeconds },
    });
    return policy.lockSeconds;
  }

  /**
   * Adds one failure to the open window, or opens a new window with it. Both
   * are conditional on what the window is, so parallel failures never reset
   * each other's count: the loser of a race to open the window adds to it.
   */
  private async count(key: string, policy: ThrottlePolicy): Promise<ThrottleItem> {
    const now = this.nowSeconds();
    const Key = { pk: `THROTTLE#${key}`, sk: "LOGIN" };
    const values = { ":one": 1, ":expires": now + policy.windowSeconds + policy.lockSeconds, ":floor": now - policy.windowSeconds };
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.db.update({
          Key,
          UpdateExpression: "ADD failures :one SET expiresAt = :expires",
          ConditionExpression: "windowStart > :floor",
          ExpressionAttributeValues: values,
        })) as unknown as ThrottleItem;
      } catch (err) {
        if (!conditionFailed(err)) throw err;
      }
      try {
        return (await this.db.update({
          Key,
          UpdateExpression: "SET failures = :one, windowStart = :now, expiresAt = :expires REMOVE lockedUntil",
          ConditionExpression: "attribute_not_exists(windowStart) OR windowStart <= :floor",
          ExpressionAttributeValues: { ...values, ":now": now },
        })) as unknown as ThrottleItem;
      } catch (err) {
        if (!conditionFailed(err) || attempt >= 3) throw err;
      }
    }
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
