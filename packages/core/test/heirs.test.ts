import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { computeBenefit, defaultDeathBenefitTables } from "../src/death-benefits";
import { heirClassOf, NO_HEIR_CLASS, payeesOf, relationships, splitEqually, type Heir, type PayeesResult, type Relationship } from "../src/heirs";
import { death as t } from "../src/i18n/id-death";
import { formatRupiah } from "../src/money";

/** The JKM benefit (D1): 42,000,000 paid at once, 10,000,000 of it the funeral cost. */
const jkm = { total: 42_000_000, funeral: 10_000_000 };

type HeirInput = Pick<Heir, "nik" | "name" | "relationship" | "share">;
let serial = 0;
function heir(relationship: Relationship, share?: number, nik?: string): HeirInput {
  serial += 1;
  return {
    nik: nik ?? `150601050185${String(serial).padStart(4, "0")}`,
    name: `Ahli Waris ${serial}`,
    relationship,
    ...(share !== undefined ? { share } : {}),
  };
}
const organiser = { nik: "1506010501700001", name: "Haji Ahmad", organisation: "Pengurus Masjid Al-Ikhlas" };

function ok(r: PayeesResult) {
  if (!r.ok) throw new Error(`Expected payees, got problems: ${JSON.stringify(r.problems)}`);
  return r;
}
function problems(r: PayeesResult) {
  if (r.ok) throw new Error(`Expected problems, got payees: ${JSON.stringify(r.payees)}`);
  return r.problems;
}
const paths = (r: PayeesResult) => problems(r).map((p) => p.path);

describe("DOMAIN.md §6 vectors", () => {
  it("H1: spouse and a parent survive → the spouse only receives; class 1", () => {
    const spouse = heir("spouse");
    const parent = heir("parent");
    const r = ok(payeesOf([parent, spouse], jkm));
    expect(r).toEqual({
      ok: true,
      class: 1,
      payees: [{ kind: "heir", nik: spouse.nik, name: spouse.name, relationship: "spouse", amount: 42_000_000 }],
      unpaid: 0,
    });
  });

  it("H1: spouse, children and a parent → spouse and children share equally; the parent gets nothing", () => {
    const spouse = heir("spouse");
    const c1 = heir("child");
    const c2 = heir("child");
    const parent = heir("parent");
    const r = ok(payeesOf([spouse, parent, c1, c2], jkm));
    expect(r.class).toBe(1);
    expect(r.payees.map((p) => [p.nik, p.amount])).toEqual([
      [spouse.nik, 14_000_000],
      [c1.nik, 14_000_000],
      [c2.nik, 14_000_000],
    ]);
    expect(r.unpaid).toBe(0);
  });

  it("H2: only a sibling and a parent-in-law → the sibling receives all; class 3", () => {
    const sibling = heir("sibling");
    const inLaw = heir("parent_in_law");
    const r = ok(payeesOf([inLaw, sibling], jkm));
    expect(r).toEqual({
      ok: true,
      class: 3,
      payees: [{ kind: "heir", nik: sibling.nik, name: sibling.name, relationship: "sibling", amount: 42_000_000 }],
      unpaid: 0,
    });
  });

  it("H3: no heir, no will → funeral cost 10,000,000 to the funeral organiser, 32,000,000 unpaid (to the fund); class 6", () => {
    const r = ok(payeesOf([], jkm, organiser));
    expect(r).toEqual({
      ok: true,
      class: 6,
      payees: [{ kind: "funeral_organiser", nik: organiser.nik, name: organiser.name, organisation: organiser.organisation, amount: 10_000_000 }],
      unpaid: 32_000_000,
    });
    expect(NO_HEIR_CLASS).toBe(6);
  });

  it("H3: no heir and no funeralOrganiser → a problem at path funeralOrganiser", () => {
    expect(payeesOf([], jkm)).toEqual({ ok: false, problems: [{ path: "funeralOrganiser", message: t.heirs.funeralOrganiserRequired }] });
  });
});

describe("payeesOf", () => {
  it("H3: an organiser without an organisation is paid as a person (no organisation key)", () => {
    const r = ok(payeesOf([], jkm, { nik: organiser.nik, name: organiser.name }));
    expect(r.payees).toEqual([{ kind: "funeral_organiser", nik: organiser.nik, name: organiser.name, amount: 10_000_000 }]);
  });

  it("H3: the funeral organiser never receives more than the total", () => {
    const r = ok(payeesOf([], { total: 6_000_000, funeral: 10_000_000 }, organiser));
    expect(r.payees[0]!.amount).toBe(6_000_000);
    expect(r.unpaid).toBe(0);
  });

  it("a will beneficiary alone receives all (class 5); a funeral organiser given alongside heirs is not paid", () => {
    const will = heir("will_beneficiary");
    const r = ok(payeesOf([will], jkm, organiser));
    expect(r.class).toBe(5);
    expect(r.payees).toEqual([{ kind: "heir", nik: will.nik, name: will.name, relationship: "will_beneficiary", amount: 42_000_000 }]);
  });

  it("class 2: parents, grandparents and grandchildren share; siblings do not", () => {
    const r = ok(payeesOf([heir("sibling"), heir("parent"), heir("grandparent"), heir("grandchild")], jkm));
    expect(r.class).toBe(2);
    expect(r.payees.map((p) => [p.kind === "heir" ? p.relationship : p.kind, p.amount])).toEqual([
      ["parent", 14_000_000],
      ["grandparent", 14_000_000],
      ["grandchild", 14_000_000],
    ]);
  });

  it("equal split with a remainder: the first heirs in the given order get one rupiah more", () => {
    const r = ok(payeesOf([heir("child"), heir("child"), heir("child")], { total: 100, funeral: 10 }));
    expect(r.payees.map((p) => p.amount)).toEqual([34, 33, 33]);
  });

  it("explicit shares that sum to the total are used", () => {
    const spouse = heir("spouse", 21_000_000);
    const c1 = heir("child", 14_000_000);
    const c2 = heir("child", 7_000_000);
    const r = ok(payeesOf([spouse, c1, c2, heir("parent")], jkm));
    expect(r.payees.map((p) => p.amount)).toEqual([21_000_000, 14_000_000, 7_000_000]);
  });

  it("a share of 0 is a share: it counts towards the sum", () => {
    const r = ok(payeesOf([heir("spouse", 42_000_000), heir("child", 0)], jkm));
    expect(r.payees.map((p) => p.amount)).toEqual([42_000_000, 0]);
  });

  it("shares not summing to the total → a problem at each receiving heir's heirs.N.share", () => {
    const r = payeesOf([heir("spouse", 20_000_000), heir("parent"), heir("child", 20_000_000)], jkm);
    const message = t.heirs.shareSum(formatRupiah(40_000_000), formatRupiah(42_000_000));
    expect(problems(r)).toEqual([
      { path: "heirs.0.share", message },
      { path: "heirs.2.share", message },
    ]);
    expect(message).toContain("Rp40.000.000");
    expect(message).toContain("Rp42.000.000");
  });

  it("a share on a non-receiving (lower class) heir → a problem at that heir's share", () => {
    const r = payeesOf([heir("spouse"), heir("parent", 5_000_000)], jkm);
    expect(problems(r)).toEqual([{ path: "heirs.1.share", message: t.heirs.shareNotReceiving(t.heirClasses[1]) }]);
  });

  it("partial shares → a problem at each receiving heir without one", () => {
    const r = payeesOf([heir("spouse", 42_000_000), heir("child"), heir("child")], jkm);
    expect(problems(r)).toEqual([
      { path: "heirs.1.share", message: t.heirs.shareMissing },
      { path: "heirs.2.share", message: t.heirs.shareMissing },
    ]);
  });

  it("a duplicate heir NIK → a problem at heirs.N.nik naming the first", () => {
    const first = heir("spouse");
    const r = payeesOf([first, heir("child"), heir("child", undefined, first.nik)], jkm);
    expect(problems(r)).toEqual([{ path: "heirs.2.nik", message: t.heirs.duplicateNik(0) }]);
    expect(t.heirs.duplicateNik(0)).toContain("nomor 1");
  });

  it("reports every problem at once", () => {
    const first = heir("spouse", 1);
    expect(paths(payeesOf([first, heir("child"), heir("parent", 3), heir("sibling", undefined, first.nik)], jkm))).toEqual([
      "heirs.3.nik",
      "heirs.2.share",
      "heirs.1.share",
    ]);
  });

  it("takes a whole DeathBenefit from computeBenefit (only total and funeral matter)", () => {
    const benefit = computeBenefit({ cause: "natural", contributionMonths: 40, children: [] }, defaultDeathBenefitTables, "2026-03-15");
    const r = ok(payeesOf([heir("spouse"), heir("child")], benefit));
    expect(r.payees.map((p) => p.amount)).toEqual([21_000_000, 21_000_000]);
    expect(ok(payeesOf([], benefit, organiser)).unpaid).toBe(32_000_000);
  });

  it("refuses a benefit that is not whole rupiah", () => {
    expect(() => payeesOf([heir("spouse")], { total: 42_000_000.5, funeral: 10_000_000 })).toThrow(RangeError);
    expect(() => payeesOf([heir("spouse")], { total: 42_000_000, funeral: -1 })).toThrow(RangeError);
  });

  it("property: payees receive the total minus unpaid, only the highest class present receives", () => {
    const arbHeirs = fc.array(fc.constantFrom(...relationships), { maxLength: 8 });
    fc.assert(
      fc.property(arbHeirs, fc.integer({ min: 0, max: 1_000_000_000 }), (rels, total) => {
        const heirs = rels.map((rel, i) => ({ nik: `15060105018${String(i).padStart(5, "0")}`, name: "Ahli Waris", relationship: rel }));
        const r = ok(payeesOf(heirs, { total, funeral: Math.min(10_000_000, total) }, organiser));
        expect(r.payees.reduce((a, p) => a + p.amount, 0) + r.unpaid).toBe(total);
        if (rels.length === 0) {
          expect(r.class).toBe(6);
        } else {
          const best = Math.min(...rels.map((rel) => heirClassOf[rel]));
          expect(r.class).toBe(best);
          expect(r.unpaid).toBe(0);
          expect(r.payees.length).toBe(rels.filter((rel) => heirClassOf[rel] === best).length);
        }
      }),
    );
  });
});

describe("splitEqually", () => {
  it("42,000,000 among 3 → 14,000,000 each", () => {
    expect(splitEqually(42_000_000, 3)).toEqual([14_000_000, 14_000_000, 14_000_000]);
  });

  it("100 among 3 → 34, 33, 33 (sum preserved)", () => {
    const parts = splitEqually(100, 3);
    expect(parts).toEqual([34, 33, 33]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(100);
  });

  it("fewer rupiah than parts and one part", () => {
    expect(splitEqually(2, 3)).toEqual([1, 1, 0]);
    expect(splitEqually(0, 2)).toEqual([0, 0]);
    expect(splitEqually(42_000_000, 1)).toEqual([42_000_000]);
  });

  it("property: the parts sum to the total and differ by at most 1, larger parts first", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: 50 }), (total, n) => {
        const parts = splitEqually(total, n);
        expect(parts).toHaveLength(n);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        for (const p of parts) expect(Number.isSafeInteger(p)).toBe(true);
        for (let i = 1; i < n; i++) expect(parts[i]!).toBeLessThanOrEqual(parts[i - 1]!);
      }),
    );
  });
});

describe("heirClassOf", () => {
  it("ranks the heirs as PP 44/2015 art. 40(2)", () => {
    expect(heirClassOf).toEqual({
      spouse: 1,
      child: 1,
      parent: 2,
      grandparent: 2,
      grandchild: 2,
      sibling: 3,
      parent_in_law: 4,
      will_beneficiary: 5,
    });
  });

  it("every relationship and class has a message", () => {
    for (const rel of relationships) expect(t.relationships[rel]).toBeTruthy();
    for (const c of [1, 2, 3, 4, 5, 6] as const) expect(t.heirClasses[c]).toBeTruthy();
  });
});
