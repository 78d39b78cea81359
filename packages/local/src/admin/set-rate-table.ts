import { readFile } from "node:fs/promises";
import { defaultDiscounts, defaultRateTables, rateTableSchema, wibDate, type RateTable } from "@naungan/core";
import type { Platform, TransactItem } from "@naungan/platform";
import { AdminUsageError } from "./target";
import type { By } from "./report";

export interface SetRateTableResult {
  outcome: "created" | "unchanged";
  id: string;
  /** The version whose open end was closed the day before the new one starts. */
  closed?: { id: string; validTo: string };
}

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const overlaps = (a: { validFrom: string; validTo?: string }, b: { validFrom: string; validTo?: string }) =>
  a.validFrom <= (b.validTo ?? "9999-12-31") && b.validFrom <= (a.validTo ?? "9999-12-31");

/**
 * `set-rate-table <json>`: a new effective-dated version of the contribution
 * rates (core's rateTableSchema). Versions are never rewritten: the new one
 * must start after today (WIB) and after every existing version's start; the
 * version in force then, if open-ended, gets its end set to the day before,
 * so pricing (rateTableOn) always finds exactly one table. Re-running with the
 * same file changes nothing; the same id with other figures is refused. The
 * first version of a fresh stage may start in the past.
 */
export async function setRateTable(platform: Platform, file: string, by: By): Promise<SetRateTableResult> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new AdminUsageError(`Cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  const parsed = rateTableSchema.safeParse(json);
  if (!parsed.success) throw new AdminUsageError(`${file} is not a valid rate table: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ")}`);
  const table = parsed.data;
  const existing = await platform.rateTables.list();
  const same = existing.find((t) => t.id === table.id);
  if (same) {
    if (JSON.stringify(sorted(same)) === JSON.stringify(sorted(table))) return { outcome: "unchanged", id: table.id };
    throw new AdminUsageError(`Rate table ${table.id} already exists with other figures; versions are never changed: give the new version its own id.`);
  }
  const today = wibDate(platform.now());
  // The very first version (a fresh stage) records the regulation already in force: nothing stored is rewritten.
  if (existing.length > 0 && table.validFrom <= today) throw new AdminUsageError(`validFrom ${table.validFrom} is not after today (${today}): rates already in force are never changed; a new regulation takes effect from a future date.`);
  const later = existing.filter((t) => t.validFrom >= table.validFrom);
  if (later.length) throw new AdminUsageError(`validFrom ${table.validFrom} is not after version ${later.map((t) => `${t.id} (from ${t.validFrom})`).join(", ")}: a new version must start after every existing one.`);
  const toClose = existing.filter((t) => overlaps(t, table));
  const writes: TransactItem[] = [
    {
      Put: {
        Item: { pk: `RATETABLE#${table.id}`, sk: "RATETABLE", type: "rate_table", table, gsi1pk: "RATETABLES", gsi1sk: `${table.validFrom}#${table.id}` },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  ];
  const validTo = dayBefore(table.validFrom);
  for (const t of toClose) {
    writes.push({
      Update: {
        Key: { pk: `RATETABLE#${t.id}`, sk: "RATETABLE" },
        UpdateExpression: "SET #t.#to = :to",
        ConditionExpression: t.validTo === undefined ? "attribute_not_exists(#t.#to)" : "#t.#to = :old",
        ExpressionAttributeNames: { "#t": "table", "#to": "validTo" },
        ExpressionAttributeValues: { ":to": validTo, ...(t.validTo === undefined ? {} : { ":old": t.validTo }) },
      },
    });
  }
  await platform.audit.record(
    {
      subject: `rate-table#${table.id}`,
      actor: by.actor,
      action: "rate_table.created",
      requestId: by.requestId,
      data: { after: table, closed: toClose.map((t) => ({ id: t.id, before: { validTo: t.validTo ?? null }, after: { validTo } })) },
    },
    writes,
  );
  const closed = toClose[0];
  return { outcome: "created", id: table.id, ...(closed ? { closed: { id: closed.id, validTo } } : {}) };
}

/**
 * `set-rate-table --defaults`: the versions and discounts shipped in core
 * (packages/core/src/rates.ts), each created unless present, for a fresh stage.
 */
export async function storeDefaultRates(platform: Platform, by: By): Promise<{ rateTables: number; discounts: number }> {
  let rateTables = 0;
  let discounts = 0;
  for (const t of defaultRateTables) if (await platform.rateTables.createIfAbsent(t, by)) rateTables++;
  for (const d of defaultDiscounts) if (await platform.rateTables.createDiscountIfAbsent(d, by)) discounts++;
  return { rateTables, discounts };
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)]));
  return value;
}

export type { RateTable };
