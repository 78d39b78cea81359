import * as z from "zod";
import { death as t } from "./i18n/id-death";
import { formatRupiah, rupiahSchema, type Rupiah } from "./money";
import { nikSchema } from "./nik";

/*
 * Who receives a death benefit (DOMAIN.md §3; PP 44/2015 art. 40(2),
 * Permenaker 4/2023 art. 57). Heirs fall into ranked classes and only the
 * highest class with anyone in it receives; with nobody at all, whoever
 * arranged the funeral gets the funeral cost and the rest stays in the
 * social security fund.
 */

export const relationships = [
  "spouse",
  "child",
  "parent",
  "grandparent",
  "grandchild",
  "sibling",
  "parent_in_law",
  "will_beneficiary",
] as const;
export type Relationship = (typeof relationships)[number];
export const relationshipSchema = z.enum(relationships);

/** 1 highest … 5 the will; 6 = no heir. */
export type HeirClass = 1 | 2 | 3 | 4 | 5 | 6;
export const NO_HEIR_CLASS = 6;

export const heirClassOf: Readonly<Record<Relationship, Exclude<HeirClass, 6>>> = {
  spouse: 1,
  child: 1,
  // Direct-line blood relatives to the second degree.
  parent: 2,
  grandparent: 2,
  grandchild: 2,
  sibling: 3,
  parent_in_law: 4,
  will_beneficiary: 5,
};

const personName = z.string().trim().min(2).max(120);

export const bankAccountSchema = z.object({
  bank: z.string().trim().min(2).max(60),
  number: z.string().trim().regex(/^\d{5,20}$/, "Expected 5–20 digits"),
  holder: personName,
});
export type BankAccount = z.infer<typeof bankAccountSchema>;

/** An heir as the claim names them (API.md "Death benefit"). */
export const heirSchema = z.object({
  nik: nikSchema,
  name: personName,
  relationship: relationshipSchema,
  bankAccount: bankAccountSchema,
  /**
   * Whole rupiah this heir receives, when the heirs agreed on shares (e.g.
   * by a court's or the heirs' own settlement). Either every receiving heir
   * has one and they sum to the total, or none has and the total is split
   * equally.
   */
  share: rupiahSchema.optional(),
});
export type Heir = z.infer<typeof heirSchema>;

/**
 * The claim field `funeralOrganiser`: required when the claim names no heir
 * and no will beneficiary. The person who arranged the funeral, or who
 * represents the organisation that did (a mosque committee, the OPD…).
 */
export const funeralOrganiserSchema = z.object({
  nik: nikSchema,
  name: personName,
  organisation: z.string().trim().min(2).max(120).optional(),
  bankAccount: bankAccountSchema,
});
export type FuneralOrganiser = z.infer<typeof funeralOrganiserSchema>;

export type Payee =
  | { kind: "heir"; nik: string; name: string; relationship: Relationship; amount: Rupiah }
  | { kind: "funeral_organiser"; nik: string; name: string; organisation?: string; amount: Rupiah };

export interface ClaimProblem {
  /** Where in the claim, e.g. `heirs.2.share` or `funeralOrganiser`. */
  path: string;
  message: string;
}

export type PayeesResult =
  | {
      ok: true;
      class: HeirClass;
      /** Heirs of the receiving class in the order given, or the funeral organiser. */
      payees: Payee[];
      /** Not paid out: it stays in the social security fund (class 6 only). */
      unpaid: Rupiah;
    }
  | { ok: false; problems: ClaimProblem[] };

type HeirInput = Pick<Heir, "nik" | "name" | "relationship" | "share">;
type OrganiserInput = Pick<FuneralOrganiser, "nik" | "name" | "organisation">;

/** Splits `total` into `n` whole-rupiah parts; the first `total mod n` parts get one rupiah more. */
export function splitEqually(total: Rupiah, n: number): Rupiah[] {
  const base = Math.floor(total / n);
  const rest = total - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < rest ? 1 : 0));
}

/**
 * Who is paid what out of `benefit.total` (the amount paid at once, see
 * death-benefits.ts). Problems name the claim fields to fix.
 */
export function payeesOf(
  heirs: readonly HeirInput[],
  benefit: { total: Rupiah; funeral: Rupiah },
  funeralOrganiser?: OrganiserInput,
): PayeesResult {
  // Only these two: callers pass a whole DeathBenefit (cause, tableId, schedule…).
  for (const [what, n] of [["total", benefit.total], ["funeral", benefit.funeral]] as const) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`benefit.${what} must be whole rupiah, got ${n}`);
  }
  const problems: ClaimProblem[] = [];
  const firstByNik = new Map<string, number>();
  heirs.forEach((h, i) => {
    const first = firstByNik.get(h.nik);
    if (first !== undefined) problems.push({ path: `heirs.${i}.nik`, message: t.heirs.duplicateNik(first) });
    else firstByNik.set(h.nik, i);
  });

  if (heirs.length === 0) {
    if (funeralOrganiser === undefined) return { ok: false, problems: [{ path: "funeralOrganiser", message: t.heirs.funeralOrganiserRequired }] };
    const amount = Math.min(benefit.funeral, benefit.total);
    const { nik, name, organisation } = funeralOrganiser;
    const payee: Payee = { kind: "funeral_organiser", nik, name, ...(organisation !== undefined ? { organisation } : {}), amount };
    return { ok: true, class: NO_HEIR_CLASS, payees: [payee], unpaid: benefit.total - amount };
  }

  const rank = Math.min(...heirs.map((h) => heirClassOf[h.relationship])) as Exclude<HeirClass, 6>;
  const receiving = heirs.map((h, index) => ({ h, index })).filter(({ h }) => heirClassOf[h.relationship] === rank);
  heirs.forEach((h, i) => {
    if (h.share !== undefined && heirClassOf[h.relationship] !== rank) {
      problems.push({ path: `heirs.${i}.share`, message: t.heirs.shareNotReceiving(t.heirClasses[rank]) });
    }
  });

  let amounts: Rupiah[];
  const withShare = receiving.filter(({ h }) => h.share !== undefined);
  if (withShare.length === 0) {
    amounts = splitEqually(benefit.total, receiving.length);
  } else {
    amounts = receiving.map(({ h }) => h.share ?? 0);
    if (withShare.length < receiving.length) {
      for (const { h, index } of receiving) {
        if (h.share === undefined) problems.push({ path: `heirs.${index}.share`, message: t.heirs.shareMissing });
      }
    } else {
      const given = amounts.reduce((a, b) => a + b, 0);
      if (given !== benefit.total) {
        const message = t.heirs.shareSum(formatRupiah(given), formatRupiah(benefit.total));
        for (const { index } of receiving) problems.push({ path: `heirs.${index}.share`, message });
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const payees: Payee[] = receiving.map(({ h }, i) => ({
    kind: "heir",
    nik: h.nik,
    name: h.name,
    relationship: h.relationship,
    amount: amounts[i]!,
  }));
  return { ok: true, class: rank, payees, unpaid: 0 };
}
