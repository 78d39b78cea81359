import { beforeAll, describe, expect, it } from "vitest";
import { Refused, SettingsStore, defaultSettings, type Platform } from "../src";
import { createTestPlatform } from "./support/platform";

let platform: Platform;
const by = { actor: "admin@naungan.demo", requestId: "req-settings" };

const events = async () => (await platform.audit.events("settings")).items;
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Refused);
  return err as Refused;
};

beforeAll(async () => {
  ({ platform } = await createTestPlatform("settings"));
});

describe("SettingsStore", () => {
  it("starts from the defaults at version 0, coverage baseline and account codes included", async () => {
    const view = await platform.settings.view();
    expect(view).toMatchObject({ version: 0, overridden: [], effective: defaultSettings, stored: defaultSettings });
    expect(view.effective.coverage).toEqual({ workforce: 112_000, baselineEnrolled: 42_000, target: 0.55 });
    expect(await platform.settings.accountCodes()).toEqual([
      { code: "5.1.02.02.02.0006", label: "Iuran JKK non-ASN" },
      { code: "5.1.02.02.02.0007", label: "Iuran JKM non-ASN" },
      { code: "5.1.02.02.02.0010", label: "Iuran JHT" },
      { code: "5.1.02.02.02.0005", label: "Iuran jaminan kesehatan" },
    ]);
  });

  it("stores a change with one audit event holding only the changed keys before and after", async () => {
    const view = await platform.settings.update(
      { version: 0, financeAgencyName: "Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD)", jkkDeathFloor: 20_000_000, coverage: { workforce: 120_000, baselineEnrolled: 42_000, target: 0.55 } },
      by,
    );
    expect(view.version).toBe(1);
    expect(view.effective.financeAgencyName).toBe("Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD)");
    expect(view.effective.coverage.workforce).toBe(120_000);
    expect((await platform.settings.get()).coverage.workforce).toBe(120_000);
    const [event, ...more] = await events();
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actor: by.actor,
      requestId: by.requestId,
      action: "settings.updated",
      data: {
        before: { financeAgencyName: "Badan Keuangan dan Aset Daerah (BKAD)", coverage: { workforce: 112_000, baselineEnrolled: 42_000, target: 0.55 } },
        after: { financeAgencyName: "Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD)", coverage: { workforce: 120_000, baselineEnrolled: 42_000, target: 0.55 } },
      },
    });
    // jkkDeathFloor was sent unchanged: it is in neither side.
    expect(Object.keys(event!.data.before as object).sort()).toEqual(["coverage", "financeAgencyName"]);
    expect(Object.keys(event!.data.after as object).sort()).toEqual(["coverage", "financeAgencyName"]);
    expect(await platform.audit.verify("settings")).toEqual({ ok: true, events: 1 });
  });

  it("writes nothing and records nothing when nothing changes", async () => {
    const before = await platform.settings.view();
    const after = await platform.settings.update({ version: before.version, financeAgencyName: before.stored.financeAgencyName, holidays: before.stored.holidays }, by);
    expect(after.version).toBe(before.version);
    expect(await events()).toHaveLength(1);
  });

  it("refuses a change made on a stale version and keeps the other admin's value", async () => {
    const current = await platform.settings.view();
    const err = await refusal(platform.settings.update({ version: current.version - 1, jkkDeathFloor: 42_000_000 }, by));
    expect(err.kind).toBe("conflict");
    expect(err.details).toEqual({ version: current.version });
    expect((await platform.settings.get()).jkkDeathFloor).toBe(20_000_000);
    expect(await events()).toHaveLength(1);
  });

  it("lets only one of two concurrent saves of the same version through", async () => {
    const { version } = await platform.settings.view();
    const results = await Promise.allSettled([
      platform.settings.update({ version, remindersBeforeEscalation: 3 }, by),
      platform.settings.update({ version, remindersBeforeEscalation: 4 }, by),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(Refused);
    expect((rejected.reason as Refused).kind).toBe("conflict");
    const view = await platform.settings.view();
    expect(view.version).toBe(version + 1);
    expect(await events()).toHaveLength(2);
  });

  it("refuses bad values naming each field, and writes nothing", async () => {
    const { version } = await platform.settings.view();
    const err = await refusal(
      platform.settings.update(
        {
          version,
          backupFinanceApprover: "not-an-email",
          reminderSeconds: 0,
          coverage: { workforce: 112_000, baselineEnrolled: 42_000, target: 1.5 },
          holidays: [{ date: "2026-02-30", name: "Bukan tanggal", kind: "national" }],
          accountCodes: [{ code: "5.1.02", label: "Kode pendek" }],
          colour: "blue",
        } as never,
        by,
      ),
    );
    expect(err.kind).toBe("invalid");
    expect(err.fields!.map((f) => f.path).sort()).toEqual(
      ["(body)", "accountCodes.0.code", "backupFinanceApprover", "coverage.target", "holidays.0.date", "reminderSeconds"].sort(),
    );
    expect((await platform.settings.view()).version).toBe(version);
    expect(await events()).toHaveLength(2);
  });

  it("keeps unknown account codes out of the getter and refuses a code twice", async () => {
    const { version, stored } = await platform.settings.view();
    const err = await refusal(
      platform.settings.update({ version, accountCodes: [...stored.accountCodes, { code: "5.1.02.02.02.0006", label: "Lagi" }] }, by),
    );
    expect(err.fields!.map((f) => f.path)).toEqual(["accountCodes"]);
    await platform.settings.update({ version, accountCodes: [{ code: "", label: "Iuran nelayan dibayar APBD" }, { code: "5.1.02.02.02.0006", label: "Iuran JKK non-ASN" }] }, by);
    expect(await platform.settings.accountCodes()).toEqual([{ code: "5.1.02.02.02.0006", label: "Iuran JKK non-ASN" }]);
  });

  it("lets runtime overrides win over stored values and says which keys they are", async () => {
    const { version } = await platform.settings.view();
    await platform.settings.update({ version, reminderSeconds: 3 * 24 * 3600 }, by);
    const local = new SettingsStore(platform.db, platform.audit, { reminderSeconds: 60, approvalLinkSeconds: undefined });
    const view = await local.view();
    expect(view.overridden).toEqual(["reminderSeconds"]);
    expect(view.effective.reminderSeconds).toBe(60);
    expect(view.stored.reminderSeconds).toBe(3 * 24 * 3600);
    expect((await local.get()).reminderSeconds).toBe(60);
    // A change to an overridden key is stored (for when the override goes) but the override stays in force.
    const after = await local.update({ version: view.version, reminderSeconds: 4 * 24 * 3600 }, by);
    expect(after.stored.reminderSeconds).toBe(4 * 24 * 3600);
    expect(after.effective.reminderSeconds).toBe(60);
  });
});
