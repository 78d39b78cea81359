import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { WorkerCategory } from "@naungan/core";
import { type Platform } from "../src";
import { createTestPlatform } from "./support/platform";

let platform: Platform;
const system = { actor: "system:workflow", requestId: "req-activate" };
const YEAR_2026 = { from: "2026-01", to: "2026-12" };

beforeAll(async () => {
  ({ platform } = await createTestPlatform("participants"));
});

/**
 * Valid, distinct NIKs of Tungkal Ilir (15.06.02): the birth day carries the
 * block of 9,000 and the serial the rest, so each test takes its own range.
 */
const nik = (n: number) => `150602${String(1 + Math.floor(n / 9000)).padStart(2, "0")}0890${String((n % 9000) + 1).padStart(4, "0")}`;
let nextNik = 0;
const categories: WorkerCategory[] = ["honorer", "tenaga_teknis", "nelayan"];
function workers(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const n = nextNik++;
    return { nik: nik(n), name: `Pekerja ${n}`, category: categories[i % 3]! };
  });
}

let cases = 0;
const newCaseId = () => `case_PART${String(cases++).padStart(6, "0")}`;

const activation = (caseId: string, list: ReturnType<typeof workers>, opdCode = "DISNAKER", period = YEAR_2026) => ({ caseId, attempt: 1, opdCode, period, workers: list });

async function activationEvents(caseId: string) {
  return (await platform.audit.events(`case#${caseId}`, { limit: 100 })).items.filter((e) => e.action === "coverage.activated");
}

const enrolled = (totals: Awaited<ReturnType<Platform["coverage"]["totals"]>>, opdCode: string) => totals.byOpd.find((o) => o.opdCode === opdCode)?.enrolled ?? 0;
const ofCategory = (totals: Awaited<ReturnType<Platform["coverage"]["totals"]>>, category: WorkerCategory) =>
  totals.byCategory.find((c) => c.category === category)?.enrolled ?? 0;

describe("activate", () => {
  it("covers every worker, counts each person once by OPD and category, and logs one event", async () => {
    const caseId = newCaseId();
    const list = workers(250);
    const before = await platform.coverage.totals();
    const result = await platform.participants.activate(activation(caseId, list, "DLH"), system);
    expect(result).toEqual({ activated: 250, alreadyActive: 0, newParticipants: 250 });

    const after = await platform.coverage.totals();
    expect(enrolled(after, "DLH") - enrolled(before, "DLH")).toBe(250);
    expect(ofCategory(after, "honorer") - ofCategory(before, "honorer")).toBe(84);
    expect(ofCategory(after, "tenaga_teknis") - ofCategory(before, "tenaga_teknis")).toBe(83);
    expect(ofCategory(after, "nelayan") - ofCategory(before, "nelayan")).toBe(83);
    expect(after.activated - before.activated).toBe(250);

    expect(await platform.participants.get(list[7]!.nik)).toEqual({
      nik: list[7]!.nik,
      name: list[7]!.name,
      category: list[7]!.category,
      opdCode: "DLH",
      periods: [{ from: "2026-01", to: "2026-12", caseId, source: "enrolment" }],
      contributionMonths: 12,
      firstActivatedAt: "2026-11-26T09:00:00.000Z",
    });
    const events = await activationEvents(caseId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      opdCode: "DLH",
      data: { attempt: 1, period: YEAR_2026, activated: 250, alreadyActive: 0, newParticipants: 250, byCategory: { honorer: 84, tenaga_teknis: 83, nelayan: 83 } },
    });
  });

  it("is idempotent: running it again changes nothing and answers the same", async () => {
    const caseId = newCaseId();
    const list = workers(120);
    const first = await platform.participants.activate(activation(caseId, list), system);
    const totals = await platform.coverage.totals();
    const second = await platform.participants.activate(activation(caseId, list), system);
    expect(second).toEqual(first);
    expect(await platform.coverage.totals()).toEqual(totals);
    expect((await platform.participants.get(list[0]!.nik))?.periods).toHaveLength(1);
    expect(await activationEvents(caseId)).toHaveLength(1);
  });

  it("counts exactly when two runs of the same case race", async () => {
    const caseId = newCaseId();
    const list = workers(450);
    const before = await platform.coverage.totals();
    const [a, b] = await Promise.all([
      platform.participants.activate(activation(caseId, list, "PUPR"), system),
      platform.participants.activate(activation(caseId, list, "PUPR"), system),
    ]);
    expect(a).toEqual({ activated: 450, alreadyActive: 0, newParticipants: 450 });
    expect(b).toEqual(a);
    const after = await platform.coverage.totals();
    expect(enrolled(after, "PUPR") - enrolled(before, "PUPR")).toBe(450);
    expect(after.activated - before.activated).toBe(450);
    for (const w of [list[0]!, list[199]!, list[449]!]) expect((await platform.participants.get(w.nik))?.periods).toHaveLength(1);
    expect(await activationEvents(caseId)).toHaveLength(1);
  });

  it("counts a person once: a later case appends its period and counts only the new people", async () => {
    const first = newCaseId();
    const returning = workers(30);
    await platform.participants.activate(activation(first, returning, "DINKES"), system);
    const before = await platform.coverage.totals();

    const second = newCaseId();
    const fresh = workers(20);
    const result = await platform.participants.activate(activation(second, [...returning, ...fresh], "DINKES", { from: "2027-01", to: "2027-06" }), system);
    expect(result).toEqual({ activated: 50, alreadyActive: 30, newParticipants: 20 });
    const after = await platform.coverage.totals();
    expect(enrolled(after, "DINKES") - enrolled(before, "DINKES")).toBe(20);
    expect(after.activated - before.activated).toBe(20);
    expect(await platform.participants.get(returning[0]!.nik)).toMatchObject({
      periods: [
        { from: "2026-01", to: "2026-12", caseId: first, source: "enrolment" },
        { from: "2027-01", to: "2027-06", caseId: second, source: "enrolment" },
      ],
      contributionMonths: 18,
    });
  });

  it("stays exact when a run crashes part-way through the chunks and is run again", async () => {
    const caseId = newCaseId();
    const list = workers(1_000);
    const before = await platform.coverage.totals();
    const transact = platform.db.transact.bind(platform.db);
    let calls = 0;
    platform.db.transact = async (items) => {
      if (++calls === 4) throw new Error("simulated crash");
      return transact(items);
    };
    try {
      await expect(platform.participants.activate(activation(caseId, list, "BPBD"), system)).rejects.toThrow("simulated crash");
    } finally {
      platform.db.transact = transact;
    }
    // Some chunks were written, the case is not recorded yet: the counters have not moved.
    expect(calls).toBeGreaterThanOrEqual(4);
    expect(enrolled(await platform.coverage.totals(), "BPBD")).toBe(enrolled(before, "BPBD"));
    expect(await activationEvents(caseId)).toHaveLength(0);

    const result = await platform.participants.activate(activation(caseId, list, "BPBD"), system);
    expect(result).toEqual({ activated: 1_000, alreadyActive: 0, newParticipants: 1_000 });
    const after = await platform.coverage.totals();
    expect(enrolled(after, "BPBD") - enrolled(before, "BPBD")).toBe(1_000);
    expect(after.activated - before.activated).toBe(1_000);
    for (const w of [list[0]!, list[500]!, list[999]!]) expect((await platform.participants.get(w.nik))?.periods).toHaveLength(1);
    expect(await activationEvents(caseId)).toHaveLength(1);
  });

  it("stays exact when it crashes after the registry was written but before the case was recorded", async () => {
    const caseId = newCaseId();
    const list = workers(150);
    const before = await platform.coverage.totals();
    const record = platform.audit.record.bind(platform.audit);
    platform.audit.record = async () => {
      throw new Error("simulated crash");
    };
    try {
      await expect(platform.participants.activate(activation(caseId, list, "DISHUB"), system)).rejects.toThrow("simulated crash");
    } finally {
      platform.audit.record = record;
    }
    expect((await platform.participants.get(list[149]!.nik))?.periods).toHaveLength(1);
    expect(await platform.participants.activate(activation(caseId, list, "DISHUB"), system)).toEqual({ activated: 150, alreadyActive: 0, newParticipants: 150 });
    expect(enrolled(await platform.coverage.totals(), "DISHUB") - enrolled(before, "DISHUB")).toBe(150);
    expect(await activationEvents(caseId)).toHaveLength(1);
  });

  it("counts a NIK once when two different cases activate it at the same time", async () => {
    const shared = workers(60);
    const before = await platform.coverage.totals();
    const [a, b] = await Promise.all([
      platform.participants.activate(activation(newCaseId(), shared, "DISTAN"), system),
      platform.participants.activate(activation(newCaseId(), shared, "DISTAN", { from: "2027-01", to: "2027-12" }), system),
    ]);
    expect(a.newParticipants + b.newParticipants).toBe(60);
    expect(a.alreadyActive + b.alreadyActive).toBe(60);
    expect(enrolled(await platform.coverage.totals(), "DISTAN") - enrolled(before, "DISTAN")).toBe(60);
    expect((await platform.participants.get(shared[0]!.nik))?.periods).toHaveLength(2);
  });

  it("refuses bad input naming the field", async () => {
    const [w] = workers(1);
    const twice = platform.participants.activate(activation(newCaseId(), [w!, w!]), system);
    await expect(twice).rejects.toBeInstanceOf(ZodError);
    await expect(twice).rejects.toMatchObject({ issues: [{ path: ["workers", 1, "nik"] }] });
    const backwards = platform.participants.activate(activation(newCaseId(), [w!], "DISNAKER", { from: "2026-12", to: "2026-01" }), system);
    await expect(backwards).rejects.toMatchObject({ issues: [{ path: ["period", "to"] }] });
    const badNik = platform.participants.activate(activation(newCaseId(), [{ ...w!, nik: "123" }]), system);
    await expect(badNik).rejects.toMatchObject({ issues: [{ path: ["workers", 0, "nik"] }] });
  });
});

describe("findOverlapping", () => {
  it("finds a NIK covered for an overlapping period, not for an adjacent one", async () => {
    const caseId = newCaseId();
    const list = workers(3);
    await platform.participants.activate(activation(caseId, list), system);
    const niks = list.map((w) => w.nik);

    const overlapping = await platform.participants.findOverlapping(niks, { from: "2026-12", to: "2027-05" });
    expect([...overlapping.keys()].sort()).toEqual([...niks].sort());
    expect(overlapping.get(niks[0]!)).toEqual({ caseId, from: "2026-01", to: "2026-12" });

    expect((await platform.participants.findOverlapping(niks, { from: "2027-01", to: "2027-12" })).size).toBe(0);
    expect((await platform.participants.findOverlapping(niks, { from: "2025-01", to: "2025-12" })).size).toBe(0);
  });

  it("finds the one covered NIK in a batch of 250 (three BatchGet chunks)", async () => {
    const [covered] = workers(1);
    const caseId = newCaseId();
    await platform.participants.activate(activation(caseId, [covered!]), system);
    const batch = workers(249).map((w) => w.nik);
    batch.splice(230, 0, covered!.nik);
    expect(batch).toHaveLength(250);
    const found = await platform.participants.findOverlapping(batch, { from: "2026-06", to: "2026-06" });
    expect([...found]).toEqual([[covered!.nik, { caseId, from: "2026-01", to: "2026-12" }]]);
  });

  it("accepts repeated NIKs and refuses a bad period naming the field", async () => {
    const [w] = workers(1);
    await platform.participants.activate(activation(newCaseId(), [w!]), system);
    expect((await platform.participants.findOverlapping([w!.nik, w!.nik, "0000"], YEAR_2026)).size).toBe(1);
    await expect(platform.participants.findOverlapping([w!.nik], { from: "2026-13", to: "2027-12" })).rejects.toMatchObject({ issues: [{ path: ["from"] }] });
  });
});

describe("listByOpd", () => {
  it("pages through an OPD's participants in NIK order", async () => {
    const list = workers(7);
    await platform.participants.activate(activation(newCaseId(), list, "BAPENDA"), system);
    const first = await platform.participants.listByOpd("BAPENDA", undefined, 5);
    expect(first.items).toHaveLength(5);
    expect(first.nextCursor).toBeDefined();
    const second = await platform.participants.listByOpd("BAPENDA", first.nextCursor, 5);
    expect([...first.items, ...second.items].map((p) => p.nik)).toEqual(list.map((w) => w.nik).sort());
    expect(second.nextCursor).toBeUndefined();
    expect(second.items[0]).toMatchObject({ opdCode: "BAPENDA", periods: [{ from: "2026-01", to: "2026-12" }] });
  });
});

describe("a 19,000-worker case", () => {
  it("activates in one go and is found again in one lookup", { timeout: 300_000 }, async () => {
    const caseId = newCaseId();
    const list = workers(19_000);
    const before = await platform.coverage.totals();
    const started = Date.now();
    expect(await platform.participants.activate(activation(caseId, list, "DISDIK"), system)).toEqual({ activated: 19_000, alreadyActive: 0, newParticipants: 19_000 });
    const activatedIn = Date.now() - started;
    expect(enrolled(await platform.coverage.totals(), "DISDIK") - enrolled(before, "DISDIK")).toBe(19_000);

    const lookupStarted = Date.now();
    const found = await platform.participants.findOverlapping(
      list.map((w) => w.nik),
      { from: "2026-07", to: "2027-06" },
    );
    const lookedUpIn = Date.now() - lookupStarted;
    expect(found.size).toBe(19_000);
    console.log(`19,000 workers: activated in ${activatedIn} ms, looked up in ${lookedUpIn} ms`);
  });
});
