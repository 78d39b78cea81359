import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { maskPersonalData, seesPersonalData, toIsoWib, wibDate, type Role } from "@naungan/core";
import { AUDIT_DEFAULT_DAYS, AUDIT_MAX_DAYS, csvCell, type AuditFilter, type AuditRecord } from "@naungan/platform";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";
import { validationHook } from "../http/errors";
import { pageQuerySchema } from "./paging";
import { errorResponses, json } from "./schemas";

/*
 * The auditor's window on the hash-chained log (API.md "Audit"): events
 * filtered and paged, the same as a streamed CSV, and verification of one
 * case's chain or of the whole log against the latest anchor.
 */

const auditRoles = ["auditor", "admin"] as const;

const instantOrDay = (side: string) =>
  z
    .string()
    .max(40)
    .optional()
    .openapi({ description: `${side}, inclusive: YYYY-MM-DD (a whole WIB day) or an ISO 8601 instant with offset`, example: "2026-11-26" });

const filterQuerySchema = z.object({
  caseId: z.string().min(1).max(64).optional().openapi({ description: "Events of one case (its chain)" }),
  subject: z.string().min(1).max(200).optional().openapi({ description: "Events of any one chain, e.g. user#kepala@disnaker.demo (caseId wins)" }),
  actor: z.string().min(1).max(254).optional().openapi({ description: "Who acted (an email, or system:…)" }),
  action: z.string().min(1).max(100).optional().openapi({ description: "Exact action, e.g. case.decided" }),
  opd: z.string().min(1).max(32).optional().openapi({ description: "OPD code the event belongs to" }),
  from: instantOrDay("Start"),
  to: instantOrDay("End"),
});

const rangeNote =
  `Queries the narrowest key given (caseId, then actor, then opd); other filters narrow that. ` +
  `With none of the three the log is read day by day (WIB) from \`to\` (default now) back to \`from\`, ` +
  `at most ${AUDIT_MAX_DAYS} days; without \`from\` the last ${AUDIT_DEFAULT_DAYS} days. ` +
  `NIKs and bank account numbers in \`data\` are masked for these roles, so \`hash\` covers the unmasked data.`;

const auditEventSchema = z
  .object({
    caseId: z.string().nullable().openapi({ description: "The case, when the chain is a case's (subject case#<id>)" }),
    subject: z.string().openapi({ description: "The chain: case#…, user#…, opd#…, budget-line#…" }),
    seq: z.number().int(),
    at: z.string().openapi({ description: "ISO 8601 instant (UTC), as hashed" }),
    actor: z.string(),
    action: z.string(),
    opdCode: z.string().nullable(),
    requestId: z.string(),
    data: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditEvent");

const auditPageSchema = z.object({ items: z.array(auditEventSchema), nextCursor: z.string().optional() }).openapi("AuditEventPage");

const brokenSchema = z.object({
  ok: z.literal(false),
  subject: z.string(),
  caseId: z.string().nullable(),
  brokenAt: z.number().int().openapi({ description: "Sequence number of the first broken event" }),
  reason: z.enum(["edited", "deleted", "reordered", "inserted"]),
  detail: z.string(),
});
const verdictSchema = z
  .union([
    z.object({
      ok: z.literal(true),
      events: z.number().int(),
      chains: z.number().int().optional().openapi({ description: "Chains checked (whole log only)" }),
      anchoredAt: z.string().nullable().openapi({ description: "The anchor compared with (null before the first)" }),
    }),
    brokenSchema,
  ])
  .openapi("AuditVerdict");

const listEvents = createRoute({
  method: "get",
  path: "/audit/events",
  summary: "Audit events newest first, filtered and paged",
  description: rangeNote,
  middleware: [allow(auditRoles)] as const,
  request: { query: pageQuerySchema.extend(filterQuerySchema.shape) },
  responses: { 200: json(auditPageSchema, "One page of events (may be short and still have a nextCursor)"), ...errorResponses },
});

const exportCsv = createRoute({
  method: "get",
  path: "/audit/export.csv",
  summary: "Every matching audit event as CSV, streamed",
  description:
    `${rangeNote} CSV per RFC 4180 (comma, CRLF, UTF-8 with BOM): at (WIB), subject, caseId, seq, actor, action, opdCode, data (JSON), prevHash, hash. ` +
    "Cells starting with = + - @, tab or CR get a leading apostrophe so spreadsheets do not run them.",
  middleware: [allow(auditRoles)] as const,
  request: { query: filterQuerySchema },
  responses: { 200: { description: "CSV (UTF-8 with BOM, comma separated)", content: { "text/csv": { schema: z.string() } } }, ...errorResponses },
});

const verify = createRoute({
  method: "get",
  path: "/audit/verify",
  summary: "Verify one case's chain, or the whole log, against its hashes and the latest anchor",
  description: "With caseId: that case's chain. Without: every chain (by its head item) and every chain in the latest anchor; names the first broken one.",
  middleware: [allow(auditRoles)] as const,
  request: { query: z.object({ caseId: z.string().min(1).max(64).optional().openapi({ description: "The case whose chain to check" }) }) },
  responses: { 200: json(verdictSchema, "The verdict"), ...errorResponses },
});

const CSV_HEADER = ["at", "subject", "caseId", "seq", "actor", "action", "opdCode", "data", "prevHash", "hash"];
const BOM = "\uFEFF";
/** Rows are sent in chunks of about this many characters. */
const CSV_CHUNK = 64 * 1024;

const csvRow = (cells: (string | number)[]) => `${cells.map((cell) => csvCell(cell)).join(",")}\r\n`;

export const auditCsvRow = (e: AuditRecord) =>
  csvRow([toIsoWib(e.at), e.subject, e.caseId ?? "", e.seq, e.actor, e.action, e.opdCode ?? "", JSON.stringify(e.data), e.prevHash, e.hash]);

function view(e: AuditRecord, role: Role) {
  const data = seesPersonalData(role) ? e.data : maskPersonalData(e.data);
  return { caseId: e.caseId, subject: e.subject, seq: e.seq, at: e.at, actor: e.actor, action: e.action, opdCode: e.opdCode ?? null, requestId: e.requestId, data, prevHash: e.prevHash, hash: e.hash };
}

const filterOf = (q: z.infer<typeof filterQuerySchema>): AuditFilter => ({
  caseId: q.caseId,
  subject: q.subject,
  actor: q.actor,
  action: q.action,
  opd: q.opd,
  from: q.from,
  to: q.to,
});

export function auditRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(listEvents, async (c) => {
    const query = c.req.valid("query");
    const role = c.get("user")!.role;
    const page = await c.get("deps").platform.auditQuery.page(filterOf(query), { cursor: query.cursor, limit: query.limit });
    return c.json({ items: page.items.map((e) => view(e, role)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }, 200);
  });

  app.openapi(exportCsv, async (c) => {
    const role = c.get("user")!.role;
    const events = c.get("deps").platform.auditQuery.stream(filterOf(c.req.valid("query")));
    // The first page is read before answering, so a bad filter is still a 400.
    let next = await events.next();
    let started = false;
    const encoder = new TextEncoder();
    // Pulled by the reader: a page of events at most is in memory, whatever the log's size.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let chunk = started ? "" : BOM + csvRow(CSV_HEADER);
        started = true;
        while (!next.done && chunk.length < CSV_CHUNK) {
          const e = next.value;
          chunk += auditCsvRow({ ...e, data: view(e, role).data });
          next = await events.next();
        }
        if (chunk) controller.enqueue(encoder.encode(chunk));
        if (next.done) controller.close();
      },
      async cancel() {
        await events.return(undefined);
      },
    });
    return c.body(body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${wibDate(c.get("deps").platform.now())}.csv"`,
      "Cache-Control": "no-store",
    });
  });

  app.openapi(verify, async (c) => {
    const { caseId } = c.req.valid("query");
    const anchors = c.get("deps").platform.auditAnchors;
    return c.json(caseId ? await anchors.verifyCase(caseId) : await anchors.verifyAll(), 200);
  });

  return app;
}
