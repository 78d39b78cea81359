import { beforeAll, describe, expect, it } from "vitest";
import { SESSION_TTL_SECONDS, perAccount, type Platform } from "../src";
import { createTestPlatform } from "./support/platform";

let platform: Platform;
let clock: { now: Date };
const by = { actor: "system:test", requestId: "setup" };

beforeAll(async () => {
  ({ platform, clock } = await createTestPlatform("signin"));
  await platform.users.createIfAbsent({ email: "kepala@disnaker.demo", name: "Budi", role: "opd_head", opdCode: "DISNAKER", password: "correct-horse-battery" }, by);
  await platform.users.createIfAbsent({ email: "locked@disnaker.demo", name: "Lock", role: "opd_operator", opdCode: "DISNAKER", password: "correct-horse-battery" }, by);
});

const attempt = (email: string, password: string, client = "203.0.113.7") =>
  platform.signIn.attempt({ email, password, client, requestId: `req-${Math.random()}` });

describe("users", () => {
  it("stores a scrypt hash, never the password", async () => {
    const stored = await platform.users.findForLogin("kepala@disnaker.demo");
    expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(JSON.stringify(stored)).not.toContain("correct-horse-battery");
  });

  it("creates once: a second create of the same email changes nothing", async () => {
    expect(await platform.users.createIfAbsent({ email: "kepala@disnaker.demo", name: "Other", role: "admin", password: "another-password-1" }, by)).toBe(false);
    expect(await platform.users.get("kepala@disnaker.demo")).toMatchObject({ name: "Budi", role: "opd_head" });
  });

  it("refuses an OPD role without an OPD, naming the field", async () => {
    await expect(platform.users.createIfAbsent({ email: "x@y.demo", name: "X", role: "opd_operator", password: "long-enough-password" }, by)).rejects.toThrow(/opdCode/);
  });
});

describe("sign-in", () => {
  it("issues a session that resolves to the user, and records the event", async () => {
    const result = await attempt("kepala@disnaker.demo", "correct-horse-battery");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user).toMatchObject({ email: "kepala@disnaker.demo", role: "opd_head", opdCode: "DISNAKER" });
    expect(result.user).not.toHaveProperty("passwordHash");
    const session = await platform.sessions.resolve(result.token);
    expect(session?.email).toBe("kepala@disnaker.demo");
    const { items } = await platform.audit.events("user#kepala@disnaker.demo", { newestFirst: true, limit: 1 });
    expect(items[0]).toMatchObject({ action: "auth.login_succeeded", actor: "kepala@disnaker.demo", data: { client: "203.0.113.7" } });
  });

  it("refuses a wrong password and an unknown email alike, recording both", async () => {
    expect(await attempt("kepala@disnaker.demo", "wrong-password")).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await attempt("nobody@disnaker.demo", "whatever")).toEqual({ ok: false, reason: "invalid_credentials" });
    const own = await platform.audit.events("user#kepala@disnaker.demo", { newestFirst: true, limit: 1 });
    expect(own.items[0]).toMatchObject({ action: "auth.login_failed", data: { reason: "wrong_password" } });
    const unknown = await platform.audit.events("auth#unknown", { newestFirst: true, limit: 1 });
    expect(unknown.items[0]).toMatchObject({ action: "auth.login_failed", data: { email: "nobody@disnaker.demo", reason: "unknown_account" } });
  });

  it("locks an account after repeated failures, even for the right password, until the lock ends", async () => {
    for (let i = 1; i < perAccount.maxFailures; i++) {
      expect(await attempt("locked@disnaker.demo", `guess-${i}`, `198.51.100.${i}`)).toEqual({ ok: false, reason: "invalid_credentials" });
    }
    const last = await attempt("locked@disnaker.demo", "guess-last", "198.51.100.99");
    expect(last).toMatchObject({ ok: false, reason: "locked" });
    const refused = await attempt("locked@disnaker.demo", "correct-horse-battery", "198.51.100.100");
    expect(refused).toMatchObject({ ok: false, reason: "locked" });
    if (refused.ok || refused.reason !== "locked") return;
    expect(refused.retryAfter).toBeGreaterThan(0);
    expect(refused.retryAfter).toBeLessThanOrEqual(perAccount.lockSeconds);

    clock.now = new Date(clock.now.getTime() + (perAccount.lockSeconds + 1) * 1000);
    expect((await attempt("locked@disnaker.demo", "correct-horse-battery", "198.51.100.101")).ok).toBe(true);
  });

  it("counts failures racing to open a window: none resets another's count", async () => {
    // Every one of these reads "no window yet"; only one may open it, the others add to it.
    const key = "account#race@disnaker.demo";
    const locks = await Promise.all(Array.from({ length: perAccount.maxFailures + 1 }, () => platform.throttle.fail(key, perAccount)));
    expect(locks.filter((s) => s > 0).length).toBeGreaterThanOrEqual(1);
    expect(await platform.throttle.retryAfter(key)).toBe(perAccount.lockSeconds);

    // Once the window has passed, racing failures open one new window between them.
    clock.now = new Date(clock.now.getTime() + (perAccount.windowSeconds + perAccount.lockSeconds + 1) * 1000);
    expect(await platform.throttle.retryAfter(key)).toBe(0);
    const again = await Promise.all(Array.from({ length: perAccount.maxFailures - 1 }, () => platform.throttle.fail(key, perAccount)));
    expect(again).toEqual(Array(perAccount.maxFailures - 1).fill(0));
    expect(await platform.throttle.fail(key, perAccount)).toBe(perAccount.lockSeconds);
  });

  it("refuses forged, expired and revoked tokens", async () => {
    const result = await attempt("kepala@disnaker.demo", "correct-horse-battery");
    if (!result.ok) throw new Error("sign-in failed");
    const [id] = result.token.split(".");
    expect(await platform.sessions.resolve(`${id}.forged-signature`)).toBeUndefined();
    expect(await platform.sessions.resolve("not-a-token")).toBeUndefined();

    await platform.signIn.signOut(result.session, "req-logout");
    expect(await platform.sessions.resolve(result.token)).toBeUndefined();

    const later = await attempt("kepala@disnaker.demo", "correct-horse-battery");
    if (!later.ok) throw new Error("sign-in failed");
    clock.now = new Date(clock.now.getTime() + (SESSION_TTL_SECONDS + 1) * 1000);
    expect(await platform.sessions.resolve(later.token)).toBeUndefined();
  });

  it("binds the form token to the session", async () => {
    const a = await attempt("kepala@disnaker.demo", "correct-horse-battery");
    const b = await attempt("kepala@disnaker.demo", "correct-horse-battery");
    if (!a.ok || !b.ok) throw new Error("sign-in failed");
    const token = platform.sessions.csrfToken(a.session);
    expect(platform.sessions.checkCsrfToken(a.session, token)).toBe(true);
    expect(platform.sessions.checkCsrfToken(b.session, token)).toBe(false);
    expect(platform.sessions.checkCsrfToken(a.session, undefined)).toBe(false);
  });
});
