import { defaultHolidays, holidaySchema, rupiahSchema } from "@naungan/core";
import { z } from "zod";
import type { Db } from "./storage/db";

/*
 * The [U] points of DOMAIN.md and the workflow's timings, as data: defaults
 * here, an admin's values in the `SETTINGS` item (the admin screens come with
 * the administration issue), and the local runtime may override timings.
 */
export const settingsSchema = z.object({
  financeAgencyName: z.string().min(2),
  /** Seconds a human step waits before each reminder. */
  reminderSeconds: z.int().min(1),
  /** Reminders before the step escalates to the backup approver. */
  remindersBeforeEscalation: z.int().min(0).max(10),
  /** Who gets an escalated finance step. */
  backupFinanceApprover: z.string().email(),
  /** How long an approval link stays valid. */
  approvalLinkSeconds: z.int().min(60),
  /** [U] The JKK death benefit's floor: Rp20,000,000, or Rp42,000,000 on another reading. */
  jkkDeathFloor: rupiahSchema,
  /** Days off that are not working days for the claim deadline (weekends always are). */
  holidays: z.array(holidaySchema),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  financeAgencyName: "Badan Keuangan dan Aset Daerah (BKAD)",
  reminderSeconds: 2 * 24 * 3600,
  remindersBeforeEscalation: 2,
  backupFinanceApprover: "cadangan@bkad.demo",
  approvalLinkSeconds: 14 * 24 * 3600,
  jkkDeathFloor: 20_000_000,
  holidays: [...defaultHolidays],
};

const key = { pk: "SETTINGS", sk: "SETTINGS" };

export class SettingsStore {
  constructor(
    private readonly db: Db,
    private readonly overrides: Partial<Settings> = {},
  ) {}

  async get(): Promise<Settings> {
    const stored = (await this.db.get<Partial<Settings>>(key.pk, key.sk)) ?? {};
    const known = Object.fromEntries(Object.entries(stored).filter(([k]) => k in defaultSettings));
    return settingsSchema.parse({ ...defaultSettings, ...known, ...this.overrides });
  }
}
