import { readFile } from "node:fs/promises";
import { defaultDiscounts, defaultRateTables, rateTableSchema, type RateTable } from "@naungan/core";
import { Refused, type NewVersionResult, type Platform } from "@naungan/platform";
import { AdminUsageError } from "./target";
import type { By } from "./report";

export interface SetRateTableResult extends NewVersionResult {
  id: string;
}

/**
 * `set-rate-table <json>`: a new effective-dated version of the contribution
 * rates (core's rateTableSchema), with the rules of RateTables.addVersion:
 * from a future date, after every stored version; re-running with the same
 * file changes nothing.
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
  try {
    return { id: parsed.data.id, ...(await platform.rateTables.addVersion(parsed.data, by)) };
  } catch (err) {
    if (err instanceof Refused) throw new AdminUsageError(err.message);
    throw err;
  }
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

export type { RateTable };
