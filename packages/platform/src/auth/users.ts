import { randomBytes } from "node:crypto";
import * as z from "zod";
import { opdCodeSchema, roleSchema, type Role } from "@naungan/core";
import { id as t } from "@naungan/core/i18n";
import type { Actor } from "../audit/actor";
import type { AuditLog } from "../audit/audit-log";
import { Refused } from "../errors";
import type { Opds } from "../master/opds";
import { TransactionRefused, type Db, type TransactItem } from "../storage/db";
import { hashPassword } from "./password";

const isOpdRole = (role: Role) => role === "opd_operator" || role === "opd_head";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "must be an email address" }));

const userFieldsSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(2).max(120),
  role: roleSchema,
  opdCode: opdCodeSchema.optional(),
  password: z.string().min(12, "must be at least 12 characters").max(200),
});
const hasOpdIfNeeded = (u: { role: Role; opdCode?: string }) => !isOpdRole(u.role) || !!u.opdCode;
const needsOpd = { message: "an OPD role needs an OPD", path: ["opdCode"] };

export const newUserSchema = userFieldsSchema.refine(hasOpdIfNeeded, needsOpd);
/** What an admin sends to create a user: the password is generated. */
export const newUserRequestSchema = userFieldsSchema.omit({ password: true }).refine(hasOpdIfNeeded, needsOpd);
export type NewUser = z.input<typeof newUserSchema>;

/** What an admin may change of a user: never the email (the key) nor, here, the password. */
export const userChangeSchema = z.object({
  name: z.string().trim().min(2).max(120).optional(),
  role: roleSchema.optional(),
  /** `null` takes the user out of any OPD. */
  opdCode: opdCodeSchema.nullable().optional(),
  /** Users are deactivated, never deleted: the audit log keeps naming them. */
  active: z.boolean().optional(),
});
export type UserChange = z.infer<typeof userChangeSchema>;

/** A password generated for a user created or reset by an admin, shown once. */
export const generatePassword = () => randomBytes(18).toString("base64url");

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
    private readonly opds: Pick<Opds, "get">,
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
  async createIfAbsent(input: NewUser, by: Actor): Promise<boolean> {
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
      if (err instanceof TransactionRefused) return false;
      throw err;
    }
  }

  /**
   * Creates a user for an admin: the email must be new and the OPD known.
   * Refused (`conflict`) when the email exists.
   */
  async create(input: NewUser, by: Actor): Promise<User> {
    const user = newUserSchema.parse(input);
    if (user.opdCode && !(await this.opds.get(user.opdCode))) throw unknownOpd(user.opdCode);
    if (!(await this.createIfAbsent(user, by))) {
      const message = t.admin.errors.userExists(user.email);
      throw new Refused("conflict", message, [{ path: "email", message }]);
    }
    return (await this.get(user.email))!;
  }

  /**
   * An admin's change of name, role, OPD or active flag, audited with before
   * and after. Nobody changes their own role, OPD or status (so the last
   * admin cannot lock everyone out); OPD roles need a known OPD. Conditional
   * on the values read: a concurrent change → Refused `conflict`.
   */
  async update(email: string, input: UserChange, by: Actor): Promise<{ outcome: "updated" | "unchanged"; user: User }> {
    const change = userChangeSchema.parse(input);
    const item = await this.findForLogin(email);
    if (!item) throw new Refused("not_found", t.admin.errors.unknownUser(email));
    const before = publicUser(item);
    const after: User = {
      ...before,
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
    };
    if (change.opdCode === null) delete after.opdCode;
    else if (change.opdCode !== undefined) after.opdCode = change.opdCode;
    const changed = (["name", "role", "opdCode", "active"] as const).filter((k) => before[k] !== after[k]);
    if (changed.length === 0) return { outcome: "unchanged", user: before };
    if (email === by.actor && changed.some((k) => k !== "name")) throw new Refused("forbidden", t.admin.errors.ownAccount);
    if (isOpdRole(after.role) && !after.opdCode) {
      throw new Refused("invalid", t.admin.errors.opdRoleNeedsOpd, [{ path: "opdCode", message: t.admin.errors.opdRoleNeedsOpd }]);
    }
    if (after.opdCode && after.opdCode !== before.opdCode && !(await this.opds.get(after.opdCode))) throw unknownOpd(after.opdCode);
    const pick = (u: User) => Object.fromEntries(changed.map((k) => [k, u[k] ?? null]));
    await this.write(before, "user.updated", { before: pick(before), after: pick(after) }, by, {
      Update: {
        Key: key(email),
        UpdateExpression: `SET #name = :name, #role = :role, active = :active${after.opdCode ? ", opdCode = :opd" : ""}${after.opdCode ? "" : " REMOVE opdCode"}`,
        ConditionExpression: `#name = :oldName AND #role = :oldRole AND active = :oldActive AND ${before.opdCode ? "opdCode = :oldOpd" : "attribute_not_exists(opdCode)"}`,
        ExpressionAttributeNames: { "#name": "name", "#role": "role" },
        ExpressionAttributeValues: {
          ":name": after.name,
          ":role": after.role,
          ":active": after.active,
          ...(after.opdCode ? { ":opd": after.opdCode } : {}),
          ":oldName": before.name,
          ":oldRole": before.role,
          ":oldActive": before.active,
          ...(before.opdCode ? { ":oldOpd": before.opdCode } : {}),
        },
      },
    });
    return { outcome: "updated", user: after };
  }

  /** A new generated password (returned once, stored only as a hash); the event never holds it. */
  async resetPassword(email: string, by: Actor): Promise<string> {
    const item = await this.findForLogin(email);
    if (!item) throw new Refused("not_found", t.admin.errors.unknownUser(email));
    if (email === by.actor) throw new Refused("forbidden", t.admin.errors.ownAccount);
    const password = generatePassword();
    await this.write(publicUser(item), "user.password_reset", {}, by, {
      Update: {
        Key: key(email),
        UpdateExpression: "SET passwordHash = :hash",
        ConditionExpression: "passwordHash = :oldHash",
        ExpressionAttributeValues: { ":hash": await hashPassword(password), ":oldHash": item.passwordHash },
      },
    });
    return password;
  }

  private async write(user: User, action: string, data: Record<string, unknown>, by: Actor, write: TransactItem): Promise<void> {
    try {
      await this.audit.record({ subject: `user#${user.email}`, actor: by.actor, action, requestId: by.requestId, data, opdCode: user.opdCode }, [write]);
    } catch (err) {
      if (err instanceof TransactionRefused) throw new Refused("conflict", t.admin.errors.raced);
      throw err;
    }
  }
}

function unknownOpd(code: string): Refused {
  const message = t.admin.errors.unknownOpd(code);
  return new Refused("invalid", message, [{ path: "opdCode", message }]);
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
