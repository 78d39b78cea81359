import { opdSchema, type Opd } from "@naungan/core";
import type { AuditLog } from "../audit/audit-log";
import { TransactionRefused, type Db } from "../storage/db";

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

  async createIfAbsent(input: Opd, by: { actor: string; requestId: string }): Promise<boolean> {
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
}
