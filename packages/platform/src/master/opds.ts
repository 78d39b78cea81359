import { opdSchema, type Opd } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { AuditLog } from "../audit/audit-log";
import { Refused } from "../errors";
import { TransactionRefused, type Db } from "../storage/db";
import type { Actor } from "../audit/actor";
import type { UpsertOutcome } from "./upsert";

const key = (code: string) => ({ pk: `OPD#${code}`, sk: "OPD" });

export class Opds {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<Opd[]> {
    const items = await this.db.queryAll<Opd>({
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": "OPDS" },
    });
    return items.map(({ code, name, riskGroup }) => ({ code, name, riskGroup }));
  }

  async get(code: string): Promise<Opd | undefined> {
    const item = await this.db.get<Opd>(key(code).pk, key(code).sk);
    return item ? { code: item.code, name: item.name, riskGroup: item.riskGroup } : undefined;
  }

  async createIfAbsent(input: Opd, by: Actor): Promise<boolean> {
    const opd = opdSchema.parse(input);
    try {
      await this.audit.record(
        { subject: `opd#${opd.code}`, actor: by.actor, action: "opd.created", requestId: by.requestId, data: { after: opd }, opdCode: opd.code },
        [{ Put: { Item: { ...key(opd.code), type: "opd", ...opd, gsi1pk: "OPDS", gsi1sk: opd.code }, ConditionExpression: "attribute_not_exists(pk)" } }],
      );
      return true;
    } catch (err) {
      if (err instanceof TransactionRefused) return false;
      throw err;
    }
  }

  /**
   * Creates the OPD or changes its name and risk group (audited with before
   * and after). The risk group prices cases submitted from now on; priced
   * cases keep their figures. A concurrent change → Refused `conflict`.
   */
  async upsert(input: Opd, by: Actor): Promise<UpsertOutcome> {
    const opd = opdSchema.parse(input);
    const before = await this.get(opd.code);
    if (!before) {
      if (await this.createIfAbsent(opd, by)) return "created";
      throw new Refused("conflict", t.admin.errors.raced);
    }
    if (before.name === opd.name && before.riskGroup === opd.riskGroup) return "unchanged";
    try {
      await this.audit.record(
        { subject: `opd#${opd.code}`, actor: by.actor, action: "opd.updated", requestId: by.requestId, data: { before, after: opd }, opdCode: opd.code },
        [
          {
            Update: {
              Key: key(opd.code),
              UpdateExpression: "SET #name = :name, #risk = :risk",
              ConditionExpression: "#name = :oldName AND #risk = :oldRisk",
              ExpressionAttributeNames: { "#name": "name", "#risk": "riskGroup" },
              ExpressionAttributeValues: { ":name": opd.name, ":risk": opd.riskGroup, ":oldName": before.name, ":oldRisk": before.riskGroup },
            },
          },
        ],
      );
    } catch (err) {
      if (err instanceof TransactionRefused) throw new Refused("conflict", t.admin.errors.raced);
      throw err;
    }
    return "updated";
  }
}
