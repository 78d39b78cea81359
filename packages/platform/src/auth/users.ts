import { z } from "zod";
import { opdCodeSchema, roleSchema, type Role } from "@naungan/core";
import type { AuditLog } from "../audit/audit-log";
import type { Db } from "../storage/db";
import { hashPassword } from "./password";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "must be an email address" }));

export const newUserSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(2).max(120),
    role: roleSchema,
    opdCode: opdCodeSchema.optional(),
    password: z.string().min(12, "must be at least 12 characters").max(200),
  })
  .refine((u) => !["opd_operator", "opd_head"].includes(u.role) || u.opdCode, {
    message: "an OPD role needs an OPD",
    path: ["opdCode"],
  });
export type NewUser = z.input<typeof newUserSchema>;

export interface User {
  email: string;
  name: string;
  role: Role;
  opdCode?: string;
  active: boolean;
  createdAt: string;
}

interface UserItem extends User {
  passwordHash: string;
}

const key = (email: string) => ({ pk: `USER#${email}`, sk: "USER" });

export class Users {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  /** With the password hash: only for sign-in. */
  async findForLogin(email: string): Promise<UserItem | undefined> {
    const { pk, sk } = key(email);
    return this.db.get<UserItem>(pk, sk, true);
  }

  async get(email: string): Promise<User | undefined> {
    const item = await this.findForLogin(email);
    return item ? publicUser(item) : undefined;
  }

  async list(): Promise<User[]> {
    const items = await this.db.queryAll<UserItem>({
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": "USERS" },
    });
    return items.map(publicUser);
  }

  /** Creates the user unless one with that email exists; returns whether it did. */
  async createIfAbsent(input: NewUser, by: { actor: string; requestId: string }): Promise<boolean> {
    const user = newUserSchema.parse(input);
    if (await this.findForLogin(user.email)) return false;
    const record: UserItem = {
      email: user.email,
      name: user.name,
      role: user.role,
      ...(user.opdCode ? { opdCode: user.opdCode } : {}),
      active: true,
      createdAt: new Date().toISOString(),
      passwordHash: await hashPassword(user.password),
    };
    const { passwordHash: _secret, ...visible } = record;
    try {
      await this.audit.record(
        { subject: `user#${user.email}`, actor: by.actor, action: "user.created", requestId: by.requestId, data: { after: visible }, opdCode: user.opdCode },
        [
          {
            Put: {
              Item: { ...key(user.email), type: "user", ...record, gsi1pk: "USERS", gsi1sk: user.email },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      );
      return true;
    } catch (err) {
      if (err instanceof Error && err.name === "TransactionRefused") return false;
      throw err;
    }
  }
}

function publicUser(item: UserItem): User {
  return {
    email: item.email,
    name: item.name,
    role: item.role,
    ...(item.opdCode ? { opdCode: item.opdCode } : {}),
    active: item.active,
    createdAt: item.createdAt,
  };
}
