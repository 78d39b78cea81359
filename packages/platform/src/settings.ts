import { coverageBaselineSchema, defaultCoverageBaseline, defaultHolidays, holidaySchema, rupiahSchema } from "@naungan/core";
import { id } from "@naungan/core/i18n";
import * as z from "zod";
import { accountCodesSchema, defaultAccountCodes, type AccountCode } from "./account-codes";
import type { Actor } from "./audit/actor";
import type { AuditLog } from "./audit/audit-log";
import { canonicalJson } from "./audit/canonical-json";
import { Refused } from "./errors";
import { TransactionRefused, type Db } from "./storage/db";

/*
 * The [U] points of DOMAIN.md that are single values, the workflow's timings
 * and the coverage baseline, as data: defaults here, an admin's values in the
 * `SETTINGS` item, and the local runtime may override any of them (its
 * shortened reminders), winning over both.
 */
export const settingsSchema = z.object({
  financeAgencyName: z.string().trim().min(2).max(120),
  /** Seconds a human step waits before each reminder. */
  reminderSeconds: z.int().min(1),
  /** Reminders before the step escalates to the backup approver. */
  remindersBeforeEscalation: z.int().min(0).max(10),
  /** Who gets an escalated finance step. */
  backupFinanceApprover: z.string().trim().toLowerCase().email(),
  /** How long an approval link stays valid. */
  approvalLinkSeconds: z.int().min(60),
  /** [U] The JKK death benefit's floor: Rp20,000,000, or Rp42,000,000 on another reading. */
  jkkDeathFloor: rupiahSchema,
  /** Days off that are not working days for the claim deadline (weekends always are). */
  holidays: z.array(holidaySchema).max(400),
  /** [U] SIPD account codes contributions are budgeted on. */
  accountCodes: accountCodesSchema,
  /** The regency's workforce, enrolment before the platform and UCJ target. */
  coverage: coverageBaselineSchema,
});
export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

export const defaultSettings: Settings = {
  financeAgencyName: "Badan Keuangan dan Aset Daerah (BKAD)",
  reminderSeconds: 2 * 24 * 3600,
  remindersBeforeEscalation: 2,
  backupFinanceApprover: "cadangan@bkad.demo",
  approvalLinkSeconds: 14 * 24 * 3600,
  jkkDeathFloor: 20_000_000,
  holidays: [...defaultHolidays],
  accountCodes: [...defaultAccountCodes],
  coverage: { ...defaultCoverageBaseline },
};

/** Any of the settings, and the version the writer read (0 before the first change). */
export const settingsPatchSchema = settingsSchema.partial().extend({ version: z.int().min(0) }).strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** What the admin screens show: what runs, what is stored, and what the environment overrides. */
export interface SettingsView {
  /** Bumped by every change; a writer sends back the one it read. */
  version: number;
  /** The values in force: stored over defaults, overrides over both. */
  effective: Settings;
  /** The admin's values over the defaults, without the overrides. */
  stored: Settings;
  /** Keys whose effective value comes from the runtime (environment), not from the stored one. */
  overridden: SettingKey[];
}

const key = { pk: "SETTINGS", sk: "SETTINGS" };
const SUBJECT = "settings";
const settingKeys = Object.keys(defaultSettings) as SettingKey[];

export class SettingsStore {
  private readonly overrides: Partial<Settings>;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    overrides: Partial<Settings> = {},
  ) {
    this.overrides = Object.fromEntries(Object.entries(overrides).filter(([k, v]) => k in defaultSettings && v !== undefined));
  }

  async get(): Promise<Settings> {
    return (await this.view(false)).effective;
  }

  /** The account codes a budget line may be on: the configured ones that have a code. */
  async accountCodes(): Promise<AccountCode[]> {
    return (await this.get()).accountCodes.filter((c) => c.code !== "");
  }

  /** Read consistently by default: an admin sees what was just saved. */
  async view(consistent = true): Promise<SettingsView> {
    const item = (await this.db.get<Record<string, unknown>>(key.pk, key.sk, consistent)) ?? {};
    const known = Object.fromEntries(Object.entries(item).filter(([k]) => k in defaultSettings));
    const stored = settingsSchema.parse({ ...defaultSettings, ...known });
    return {
      version: typeof item.version === "number" ? item.version : 0,
      stored,
      effective: settingsSchema.parse({ ...stored, ...this.overrides }),
      overridden: settingKeys.filter((k) => k in this.overrides),
    };
  }

  /**
   * Stores the keys of `patch` that differ from the stored values, with a
   * `settings.updated` audit event holding only those keys before and after,
   * in one transaction. Refuses a patch read at another version (another
   * admin saved meanwhile) rather than overwrite it. Returns the new view.
   */
  async update(patch: SettingsPatch, by: Actor): Promise<SettingsView> {
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));
      throw new Refused("invalid", `Invalid settings: ${fields.map((f) => f.path).join(", ")}`, fields);
    }
    const { version, ...values } = parsed.data;
    const current = await this.view();
    if (current.version !== version) throw new Refused("conflict", id.admin.errors.raced, undefined, { version: current.version });
    const changed = settingKeys.filter((k) => k in values && canonicalJson(values[k]) !== canonicalJson(current.stored[k]));
    if (changed.length === 0) return current;
    const pick = (from: Partial<Settings>) => Object.fromEntries(changed.map((k) => [k, from[k]]));
    try {
      await this.audit.record(
        { subject: SUBJECT, actor: by.actor, action: "settings.updated", requestId: by.requestId, data: { before: pick(current.stored), after: pick(values) } },
        [
          {
            Update: {
              Key: key,
              UpdateExpression: `SET #version = :next, #type = :type, ${changed.map((k) => `#${k} = :${k}`).join(", ")}`,
              ConditionExpression: version === 0 ? "attribute_not_exists(pk)" : "#version = :version",
              ExpressionAttributeNames: { "#version": "version", "#type": "type", ...Object.fromEntries(changed.map((k) => [`#${k}`, k])) },
              ExpressionAttributeValues: {
                ":next": version + 1,
                ":type": "settings",
                ...(version === 0 ? {} : { ":version": version }),
                ...Object.fromEntries(changed.map((k) => [`:${k}`, values[k]])),
              },
            },
          },
        ],
      );
    } catch (err) {
      if (err instanceof TransactionRefused) throw new Refused("conflict", id.admin.errors.raced);
      throw err;
    }
    return this.view();
  }
}
