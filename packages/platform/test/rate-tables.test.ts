import { checkRateTables, defaultRateTables, rateTableOn, type Discount, type RateTable } from "@naungan/core";
import { beforeAll, describe, expect, it } from "vitest";
import { Refused, type Platform } from "../src";
import { createTestPlatform } from "./support/platform";

/* Rate tables and discount periods as effective-dated versions (RateTables), on a clock fixed at 26 November 2026 WIB. */

const by = { actor: "admin@naungan.demo", requestId: "req-rates" };
const base = defaultRateTables[0]!;
/** A version with other figures: JKM 0,30 % → 0,40 %, JKK group I 0,24 % → 0,30 %. */
const version = (id: string, validFrom: string, jkmBp = 40): RateTable => ({
  ...base,
  id,
  validFrom,
  source: `PP ${id}`,
  wageEarner: { ...base.wageEarner, jkmBp, jkkBpByRiskGroup: { ...base.wageEarner.jkkBpByRiskGroup, I: 30 } },
});
const discount = (id: string, validFrom: string, validTo: string, whenBudgetFunded = true): Discount => ({
  id,
  appliesTo: "non_wage_earner",
  programmes: ["jkk", "jkm"],
  percentBp: 5_000,
  validFrom,
  validTo,
  source: "PP 50/2025",
  whenBudgetFunded,
});

async function refusal(p: Promise<unknown>): Promise<Refused> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Refused);
  return err as Refused;
}
const fieldsOf = (err: Refused) => err.fields?.map((f) => f.path);

describe("RateTables.addVersion", () => {
  let platform: Platform;
  const events = async (id: string) => (await platform.audit.events(`rate-table#${id}`)).items;
  const byId = async (id: string) => (await platform.rateTables.list()).find((t) => t.id === id);

  beforeAll(async () => {
    ({ platform } = await createTestPlatform("rate-tables"));
  });

  it("takes the very first version on an empty table even from a past date (the regulation already in force)", async () => {
    expect(await platform.rateTables.addVersion(base, by)).toEqual({ outcome: "created" });
    expect(await platform.rateTables.list()).toEqual([base]);
    const [event, ...more] = await events(base.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ actor: by.actor, requestId: by.requestId, action: "rate_table.created", data: { after: base, closed: [] } });
  });

  it("refuses a version starting today or earlier once one exists, naming validFrom, and stores nothing", async () => {
    for (const validFrom of ["2026-11-26", "2026-01-01"]) {
      const err = await refusal(platform.rateTables.addVersion(version("too-early", validFrom), by));
      expect(err.kind).toBe("invalid");
      expect(fieldsOf(err)).toEqual(["validFrom"]);
      expect(err.message).toContain("2026-11-26");
    }
    expect((await platform.rateTables.list()).map((t) => t.id)).toEqual([base.id]);
    expect(await events("too-early")).toEqual([]);
  });

  it("adds a future version and ends the open one the day before, in one audited change with before/after", async () => {
    const next = version("pp-2027", "2027-01-01");
    expect(await platform.rateTables.addVersion(next, by)).toEqual({ outcome: "created", closed: { id: base.id, validTo: "2026-12-31" } });
    expect((await byId(base.id))!.validTo).toBe("2026-12-31");
    expect(await byId(next.id)).toEqual(next);

    const tables = await platform.rateTables.list();
    expect(checkRateTables(tables)).toEqual([]);
    expect(rateTableOn(tables, "2026-12-31").id).toBe(base.id);
    expect(rateTableOn(tables, "2027-01-01").id).toBe(next.id);

    const [event] = await events(next.id);
    expect(event).toMatchObject({
      action: "rate_table.created",
      data: { after: next, closed: [{ id: base.id, before: { validTo: null }, after: { validTo: "2026-12-31" } }] },
    });
    // The closed version's own figures are untouched: only its end was set.
    expect({ ...(await byId(base.id))!, validTo: undefined }).toEqual({ ...base, validTo: undefined });
  });

  it("answers `unchanged` to the same version again, writing nothing", async () => {
    expect(await platform.rateTables.addVersion(version("pp-2027", "2027-01-01"), by)).toEqual({ outcome: "unchanged" });
    expect(await events("pp-2027")).toHaveLength(1);
  });

  it("refuses the same id with other figures, naming id: a stored version is never changed", async () => {
    const err = await refusal(platform.rateTables.addVersion(version("pp-2027", "2027-01-01", 45), by));
    expect(err.kind).toBe("invalid");
    expect(fieldsOf(err)).toEqual(["id"]);
    expect((await byId("pp-2027"))!.wageEarner.jkmBp).toBe(40);
  });

  it("refuses a future version that does not start after the latest one, naming it", async () => {
    for (const validFrom of ["2026-12-15", "2027-01-01"]) {
      const err = await refusal(platform.rateTables.addVersion(version("in-between", validFrom), by));
      expect(fieldsOf(err)).toEqual(["validFrom"]);
      expect(err.message).toContain("pp-2027");
    }
    expect((await platform.rateTables.list()).map((t) => t.id)).toEqual([base.id, "pp-2027"]);
  });

  it("closes only the open version when a later one follows", async () => {
    expect(await platform.rateTables.addVersion(version("pp-2027b", "2027-07-01", 50), by)).toEqual({ outcome: "created", closed: { id: "pp-2027", validTo: "2027-06-30" } });
    expect((await byId(base.id))!.validTo).toBe("2026-12-31");
    expect((await events(base.id)).map((e) => e.action)).toEqual(["rate_table.created"]);
    expect(checkRateTables(await platform.rateTables.list())).toEqual([]);
  });
});

describe("RateTables.addDiscount and endDiscount", () => {
  let platform: Platform;
  const events = async (id: string) => (await platform.audit.events(`discount#${id}`)).items;
  const byId = async (id: string) => (await platform.rateTables.discounts()).find((d) => d.id === id);
  // In force since April (seeded, as the demo data does); ends 31 December 2026.
  const running = discount("pp50-2025-bpu", "2026-04-01", "2026-12-31");

  beforeAll(async () => {
    ({ platform } = await createTestPlatform("discounts"));
    await platform.rateTables.createDiscountIfAbsent(running, by);
  });

  it("refuses a period from today or earlier, naming validFrom", async () => {
    const err = await refusal(platform.rateTables.addDiscount(discount("early", "2026-11-26", "2027-03-31"), by));
    expect(fieldsOf(err)).toEqual(["validFrom"]);
    expect(await byId("early")).toBeUndefined();
  });

  it("adds a future period with an audited after; the same again is unchanged; the same id with other values is refused", async () => {
    const next = discount("bpu-2027", "2027-01-01", "2027-12-31", false);
    expect(await platform.rateTables.addDiscount(next, by)).toEqual({ outcome: "created" });
    expect(await byId(next.id)).toEqual(next);
    expect(await events(next.id)).toEqual([expect.objectContaining({ action: "discount.created", actor: by.actor, data: { after: next } })]);

    expect(await platform.rateTables.addDiscount(next, by)).toEqual({ outcome: "unchanged" });
    const err = await refusal(platform.rateTables.addDiscount({ ...next, percentBp: 2_500 }, by));
    expect(fieldsOf(err)).toEqual(["id"]);
    expect(await events(next.id)).toHaveLength(1);
    expect((await byId(next.id))!.percentBp).toBe(5_000);
  });

  it("refuses to end a period before today, on or after its current end, or before it starts, naming validTo", async () => {
    // "2026-11-31" looks like a date but is none: stored, it would break reading every period.
    for (const validTo of ["2026-11-25", "2026-12-31", "2027-01-05", "not-a-date", "2026-11-31"]) {
      const err = await refusal(platform.rateTables.endDiscount(running.id, validTo, by));
      expect({ validTo, fields: fieldsOf(err) }).toEqual({ validTo, fields: ["validTo"] });
    }
    const err = await refusal(platform.rateTables.endDiscount("bpu-2027", "2026-12-31", by));
    expect(fieldsOf(err)).toEqual(["validTo"]);
    expect(await events(running.id)).toHaveLength(1);
  });

  it("refuses an unknown period as not found", async () => {
    expect((await refusal(platform.rateTables.endDiscount("unknown", "2026-12-01", by))).kind).toBe("not_found");
  });

  it("ends a running period early from today at the earliest, recording the end before and after", async () => {
    await platform.rateTables.endDiscount(running.id, "2026-11-26", by);
    expect(await byId(running.id)).toEqual({ ...running, validTo: "2026-11-26" });
    const ended = (await events(running.id)).at(-1);
    expect(ended).toMatchObject({ action: "discount.ended", actor: by.actor, data: { before: { validTo: "2026-12-31" }, after: { validTo: "2026-11-26" } } });
  });
});
