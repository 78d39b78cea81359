import fc from "fast-check";
import { roles, type Role } from "@naungan/core";
import { beforeAll, describe, expect, it } from "vitest";
import { openApiInfo } from "../../src/app";
import { bearer, createTestApp, type TestApp } from "../support/test-app";
import { Sessions, changedKeys, concrete, expectErrorShape, refusedForRole, tableSnapshot, type Who } from "./support";

/*
 * Every JSON endpoint that takes a body, a query or a path parameter, taken
 * from the app's own OpenAPI document (a new endpoint is fuzzed without
 * editing this file), is sent fast-check-generated hostile input as a role the
 * router admits: wrong types, missing fields, ~100k-character strings,
 * ~1000-level nesting, astral/RTL/NUL unicode, NaN-ish and extreme numbers,
 * arrays for objects, and bodies that are not JSON at all.
 *
 * Refused input must be answered 4xx (never 5xx) with API.md's error shape,
 * and must leave every item of the table as it was. Generated bodies always
 * carry at least one value of a type the schema does not allow (or are not an
 * object), so every one of them must be refused. Queries and path parameters
 * are read-only: a nasty value the schema happens to accept may be answered
 * 200, never 5xx. No exception to "nothing persisted" is needed: every body
 * here fails validation before the handler runs (the refused sign-ins that
 * append audit events need a well-typed body, which this fuzz never sends).
 */

const SEED = 20_260_808;
const BODY_RUNS = 40;
const QUERY_RUNS = 30;
const PATH_RUNS = 15;

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string; // OpenAPI style: /api/cases/{id}
  bodyTypes: string[];
  bodySchema?: Schema;
  query: { name: string; schema: Schema }[];
  pathParams: string[];
}

let t: TestApp;
let doc: { paths: Record<string, Record<string, Schema>>; components?: { schemas?: Record<string, Schema> } };
let operations: Operation[];
const sessions = () => new Sessions(t);
let who: Sessions;

beforeAll(async () => {
  t = await createTestApp();
  who = sessions();
  doc = t.app.getOpenAPI31Document(openApiInfo) as never;
  operations = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = (op.requestBody?.content ?? {}) as Record<string, { schema?: Schema }>;
      const parameters = (op.parameters ?? []) as { in: string; name: string; schema: Schema }[];
      operations.push({
        method: method.toUpperCase(),
        path,
        bodyTypes: Object.keys(content),
        bodySchema: content["application/json"]?.schema,
        query: parameters.filter((p) => p.in === "query").map(({ name, schema }) => ({ name, schema })),
        pathParams: parameters.filter((p) => p.in === "path").map((p) => p.name),
      });
    }
  }
});

// ---- reading the schemas -------------------------------------------------------------------

const deref = (schema: Schema | undefined): Schema => {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 20; i++) s = doc.components?.schemas?.[String(s.$ref).split("/").pop()!] ?? {};
  return s;
};

const JSON_TYPES = ["string", "number", "integer", "boolean", "null", "array", "object"] as const;

/** The JSON types a schema admits (all of them when it says nothing). */
function admittedTypes(schema: Schema | undefined): Set<string> {
  const s = deref(schema);
  const variants = [...(s.oneOf ?? []), ...(s.anyOf ?? [])] as Schema[];
  if (variants.length > 0) return new Set(variants.flatMap((v) => [...admittedTypes(v)]));
  if (s.const !== undefined) return new Set([jsonType(s.const)]);
  if (Array.isArray(s.enum)) return new Set(s.enum.map(jsonType));
  if (s.type) {
    const types = new Set<string>([s.type].flat());
    if (types.has("number")) types.add("integer");
    return types;
  }
  return new Set(JSON_TYPES);
}
const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);

/** The object shape of a body: its properties (of every variant) and the ones every variant requires. */
function objectShape(schema: Schema | undefined): { properties: Record<string, Schema>; required: string[] } {
  const s = deref(schema);
  const variants = ([...(s.oneOf ?? []), ...(s.anyOf ?? [])] as Schema[]).map(deref);
  if (variants.length === 0) return { properties: s.properties ?? {}, required: s.required ?? [] };
  const shapes = variants.map((v) => objectShape(v));
  const properties: Record<string, Schema> = {};
  for (const shape of shapes) for (const [name, p] of Object.entries(shape.properties)) properties[name] = properties[name] ? { oneOf: [properties[name], p] } : p;
  const required = shapes[0]!.required.filter((name) => shapes.every((shape) => shape.required.includes(name)));
  return { properties, required };
}

// ---- hostile values --------------------------------------------------------------------------

const HUGE = 100_000;
const deepArray = (levels: number): unknown => {
  let v: unknown = [];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};
const deepObject = (levels: number): unknown => {
  let v: unknown = {};
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

const nastyString = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\u202Eevil\u202C",
    "مرحبا עברית",
    "𝕏😀👩‍👩‍👧",
    "\uD800",
    "NaN",
    "Infinity",
    "-1",
    "1e308",
    "-0",
    "0x10",
    "null",
    "undefined",
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "../../etc/passwd",
    "=HYPERLINK(\"http://x\")",
    "%00%ff",
    "2026-02-30",
    "9999-99-99",
    "x".repeat(HUGE),
    "😀".repeat(HUGE / 2),
    "\u0000".repeat(HUGE),
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
);
const nastyNumber = fc.oneof(
  fc.constantFrom(-1, 0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5, 5e-324, 2 ** 31, -(2 ** 53)),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const deep = fc.constantFrom(deepArray(1000), deepObject(1000), deepArray(50));
const anyNasty: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString.filter((k) => k.length < 50), nastyString, { maxKeys: 4 }) },
);

/** A value of a JSON type outside `admitted` (undefined when the schema admits every type). */
function wrongValue(admitted: Set<string>): fc.Arbitrary<unknown> | undefined {
  const options: fc.Arbitrary<unknown>[] = [];
  if (!admitted.has("string")) options.push(nastyString);
  if (!admitted.has("number") && !admitted.has("integer")) options.push(nastyNumber);
  if (!admitted.has("boolean")) options.push(fc.boolean());
  if (!admitted.has("null")) options.push(fc.constant(null));
  if (!admitted.has("array")) options.push(fc.array(anyNasty, { maxLength: 3 }), fc.constant(deepArray(1000)));
  if (!admitted.has("object")) options.push(fc.constant({ nested: { deeper: "x" } }), fc.constant(deepObject(1000)));
  if (!admitted.has("number") && admitted.has("integer")) options.push(fc.constantFrom(0.5, 1e308, -1.25));
  return options.length > 0 ? fc.oneof(...options) : undefined;
}

/** Bodies the schema must refuse: not an object, or an object with at least one value of a wrong type. */
function refusedBodies(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const notAnObject = fc.oneof(
    nastyString,
    nastyNumber,
    fc.constantFrom(null, true, false),
    fc.array(anyNasty, { maxLength: 4 }),
    fc.constant(deepArray(1000)),
  );
  const { properties, required } = objectShape(schema);
  const names = Object.keys(properties);
  const wrongable = (required.length > 0 ? required : names).filter((n) => wrongValue(admittedTypes(properties[n])));
  if (wrongable.length === 0) return notAnObject;
  const shaped = fc
    .record({
      wrong: fc.constantFrom(...wrongable),
      others: fc.dictionary(fc.constantFrom(...names, "__proto__", "constructor", "extra\u0000"), anyNasty, { maxKeys: names.length + 1 }),
      drop: fc.subarray(names),
    })
    .chain(({ wrong, others, drop }) =>
      wrongValue(admittedTypes(properties[wrong]))!.map((bad) => {
        const body: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(others)) if (!drop.includes(k)) Object.defineProperty(body, k, { value: v, enumerable: true, writable: true, configurable: true });
        body[wrong] = bad;
        return body;
      }),
    );
  return fc.oneof({ weight: 1, arbitrary: notAnObject }, { weight: 3, arbitrary: shaped });
}

/** Percent-encodes every byte of the UTF-8 form outside the unreserved set (lone surrogates become U+FFFD). */
const encodeSegment = (s: string) => [...Buffer.from(s, "utf8")].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, "0")}`)).join("");
/** Path parameters: hostile strings, encoded, and escapes no decoder accepts. */
const pathSegments = fc.oneof(
  { weight: 4, arbitrary: nastyString.filter((s) => s.length > 0 && s.length <= 4000).map(encodeSegment) },
  { weight: 1, arbitrary: fc.constantFrom("%", "%zz", "%ff", "%c0%af", "%ed%a0%80", "..", "%2e%2e%2f%2e%2e", "a%00b") },
);

/** Bodies that are not JSON at all (or JSON no parser should be asked to enjoy). */
const rawBodies: (string | Uint8Array)[] = [
  "",
  "{",
  '{"a":',
  "\u0000",
  '{"a":1}garbage',
  "{'single':'quotes'}",
  "[".repeat(1000) + "]".repeat(1000),
  '{"a":'.repeat(1000) + "1" + "}".repeat(1000),
  new Uint8Array([0xff, 0xfe, 0x00, 0x7b, 0x00]),
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
];

// ---- the run ---------------------------------------------------------------------------------

/** Who calls an operation: nobody when it is public, else the first role the router admits. */
async function callerOf(op: Operation): Promise<Who> {
  const path = concrete(op.path);
  for (const candidate of ["anonymous", ...roles] as Who[]) {
    const headers: Record<string, string> = candidate === "anonymous" ? {} : bearer((await who.of(candidate)).token);
    const res = await t.app.request(path, { method: op.method, headers: { ...headers, "content-type": "application/json" }, body: op.method === "GET" ? undefined : "null" });
    if (!(await refusedForRole(res))) return candidate;
  }
  throw new Error(`no role is admitted to ${op.method} ${op.path}`);
}

const totals = { endpoints: 0, bodies: 0, queries: 0, paths: 0, answered2xx: 0 };

async function send(op: Operation, caller: Who, path: string, body?: string | Uint8Array, contentType = "application/json"): Promise<Response> {
  const headers: Record<string, string> = caller === "anonymous" ? {} : bearer((await who.of(caller as Role)).token);
  if (body !== undefined) headers["content-type"] = contentType;
  return t.app.request(path, { method: op.method, headers, body });
}

async function expectRefused(res: Response, context: string) {
  expect(res.status, context).toBeGreaterThanOrEqual(400);
  expect(res.status, context).toBeLessThan(500);
  expect(res.headers.get("content-type"), context).toContain("application/json");
  expectErrorShape(await res.json(), context);
}

/** A read answered: 2xx, or 4xx with the error shape; never 5xx. */
async function expectAnswered(res: Response, context: string) {
  expect(res.status, context).toBeLessThan(500);
  if (res.status >= 400) return expectRefused(res, context);
  totals.answered2xx++;
  await res.arrayBuffer();
}

const short = (v: unknown) => {
  const text = typeof v === "string" ? v : v instanceof Uint8Array ? `bytes ${[...v].join(",")}` : JSON.stringify(v) ?? String(v);
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
};

describe("fuzzing every JSON endpoint from /openapi.json", () => {
  it("finds the endpoints to fuzz in the OpenAPI document", () => {
    const fuzzed = operations.filter((op) => op.bodyTypes.length > 0 || op.query.length > 0 || op.pathParams.length > 0);
    expect(fuzzed.length).toBeGreaterThan(30);
    expect(fuzzed.map((op) => `${op.method} ${op.path}`)).toEqual(expect.arrayContaining(["POST /api/enrolments", "PATCH /api/admin/settings", "GET /api/audit/events", "POST /api/auth/login"]));
  });

  it("answers every hostile body, query and path parameter 4xx with the error shape, and persists nothing", { timeout: 240_000 }, async () => {
    const perEndpoint: string[] = [];
    for (const op of operations) {
      const takesBody = op.bodyTypes.length > 0;
      if (!takesBody && op.query.length === 0 && op.pathParams.length === 0) continue;
      const caller = await callerOf(op);
      const path = concrete(op.path);
      const name = `${op.method} ${op.path} as ${caller}`;
      const before = await tableSnapshot(t);
      let tried = 0;

      if (takesBody) {
        // Generated JSON bodies (a multipart upload sent JSON is as wrong as a JSON body of the wrong shape).
        await fc.assert(
          fc.asyncProperty(refusedBodies(op.bodySchema), async (body) => {
            tried++;
            await expectRefused(await send(op, caller, path, JSON.stringify(body) ?? "null"), `${name} body ${short(body)}`);
          }),
          { numRuns: BODY_RUNS, seed: SEED, endOnFailure: true },
        );
        for (const raw of rawBodies) {
          tried++;
          await expectRefused(await send(op, caller, path, raw), `${name} raw ${short(raw)}`);
        }
        totals.bodies += tried;
      }

      if (op.query.length > 0) {
        const queries = fc.dictionary(
          fc.constantFrom(...op.query.map((q) => q.name)),
          fc.oneof(nastyString, nastyNumber.map(String), fc.array(nastyString, { minLength: 2, maxLength: 3 })),
          { minKeys: 1 },
        );
        let n = 0;
        await fc.assert(
          fc.asyncProperty(queries, async (query) => {
            n++;
            const search = new URLSearchParams();
            for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) search.append(k, String(one));
            await expectAnswered(await send(op, caller, `${path}?${search}`), `${name} query ${short(query)}`);
          }),
          { numRuns: QUERY_RUNS, seed: SEED, endOnFailure: true },
        );
        tried += n;
        totals.queries += n;
      }

      if (op.pathParams.length > 0) {
        let n = 0;
        await fc.assert(
          fc.asyncProperty(pathSegments, async (segment) => {
            n++;
            let concretePath = op.path;
            for (const p of op.pathParams) concretePath = concretePath.replace(`{${p}}`, segment);
            // A body that passes no schema, so writes stay refused whatever the parameter.
            const res = await send(op, caller, concretePath, op.method === "GET" ? undefined : "[]");
            if (op.method === "GET") await expectAnswered(res, `${name} path ${short(segment)}`);
            else await expectRefused(res, `${name} path ${short(segment)}`);
          }),
          { numRuns: PATH_RUNS, seed: SEED, endOnFailure: true },
        );
        tried += n;
        totals.paths += n;
      }

      expect(changedKeys(before, await tableSnapshot(t)), `${name} persisted something`).toEqual([]);
      totals.endpoints++;
      perEndpoint.push(`${name}: ${tried}`);
    }
    const total = totals.bodies + totals.queries + totals.paths;
    console.log(
      `[security] fuzzed ${totals.endpoints} JSON endpoints with ${total} requests ` +
        `(${totals.bodies} bodies, ${totals.queries} queries, ${totals.paths} path parameters; ${totals.answered2xx} reads answered 2xx, 0 answered 5xx)\n  ${perEndpoint.join("\n  ")}`,
    );
    expect(totals.endpoints).toBeGreaterThan(30);
    expect(totals.bodies).toBeGreaterThan(20 * (BODY_RUNS + rawBodies.length) - 1);
    expect(total).toBeGreaterThan(1200);
  });
});

/*
 * Well-typed but huge: a free-text field without a length bound, or an array
 * without an item bound, lets a body under the 1 MB limit make an item over
 * DynamoDB's 400 KB (a 500: found here for the rate tables and discounts).
 * Every string of every JSON body must be bounded (maxLength, enum, pattern or
 * format) unless its name says a refinement checks it (NIKs, dates), and
 * every array must have maxItems.
 */
describe("unbounded input", () => {
  const REFINED = new Set(["nik", "deceasedNik", "birthDate", "dateOfDeath", "completeAt", "validFrom", "validTo", "date"]);

  it("finds no unbounded string or array in any JSON request body", () => {
    const unbounded: string[] = [];
    const walk = (schema: Schema | undefined, path: string, seen: Set<Schema>) => {
      const s = deref(schema);
      if (seen.has(s)) return;
      seen.add(s);
      for (const v of [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])] as Schema[]) walk(v, path, seen);
      const types = [s.type].flat();
      const name = path.split(".").pop()!;
      if (types.includes("string") && s.maxLength === undefined && !s.enum && !s.pattern && !s.format && s.const === undefined && !REFINED.has(name)) unbounded.push(path);
      if (types.includes("array") && s.maxItems === undefined) unbounded.push(`${path}[]`);
      if (s.items) walk(s.items, `${path}.*`, seen);
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) walk(v, `${path}.${k}`, seen);
    };
    for (const op of operations) if (op.bodySchema) walk(op.bodySchema, `${op.method} ${op.path} body`, new Set());
    expect(unbounded).toEqual([]);
  });

  it("refuses huge free text and huge arrays in the rate-table and discount bodies with 400, persisting nothing (was a 500)", async () => {
    const admin = bearer((await who.of("admin")).token);
    const post = (path: string, body: unknown) => t.app.request(path, { method: "POST", headers: { ...admin, "content-type": "application/json" }, body: JSON.stringify(body) });
    const discount = { id: "besar", appliesTo: "non_wage_earner", programmes: ["jkk"], percentBp: 5000, validFrom: "2027-01-01", validTo: "2027-12-31", whenBudgetFunded: true, source: "PP x" };
    const tables = (await (await t.app.request("/api/admin/rate-tables", { headers: admin })).json()) as { rateTables: Record<string, unknown>[] };
    const table: Record<string, unknown> = { ...tables.rateTables[0]!, id: "besar", validFrom: "2028-01-01" };
    delete table.validTo;
    const before = await tableSnapshot(t);
    for (const [path, body, field] of [
      ["/api/admin/discounts", { ...discount, source: "x".repeat(900_000) }, "source"],
      ["/api/admin/discounts", { ...discount, programmes: Array(150_000).fill("jkk") }, "programmes"],
      ["/api/admin/rate-tables", { ...table, source: "y".repeat(900_000) }, "source"],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, `${path} ${field}`).toBe(400);
      const json = (await res.json()) as { error: { fields: { path: string }[] } };
      expectErrorShape(json, path);
      expect(json.error.fields.map((f) => f.path)).toContain(field);
    }
    expect(changedKeys(before, await tableSnapshot(t))).toEqual([]);
  });
});

