/**
 * The admin CLI: `npm run admin -- <command> [args] [--endpoint URL] [--table NAME] [--stage STAGE] [--region R]`.
 * Brings a fresh stage (or the local runtime) to life: the first admin,
 * OPDs, budget lines, existing participants, rate tables; and verifies the
 * audit log. Run `npm run admin -- help` for the commands.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Platform } from "@naungan/platform";
import { createAdmin, createUser, type CreateUserResult } from "./create-admin";
import { importBudgetLines } from "./import-budget-lines";
import { importOpds } from "./import-opds";
import { importParticipantsCsv } from "./import-participants";
import { adminActor, EXIT_AUDIT_BROKEN, EXIT_FATAL, EXIT_OK, exitCodeOf, formatSummary } from "./report";
import { setRateTable, storeDefaultRates } from "./set-rate-table";
import { AdminUsageError, describeTarget, openPlatform, resolveTarget, type AdminTarget } from "./target";
import { verifyAudit } from "./verify-audit";

export const USAGE = `Usage: npm run admin -- <command> [args] [--endpoint URL] [--table NAME] [--stage STAGE] [--region R]

Commands:
  create-admin --email E --name N   the first administrator (password: env NAUNGAN_ADMIN_PASSWORD, or generated and shown once)
  create-user --email E --name N --role R [--opd CODE]
                                    a user of any role (password: env NAUNGAN_USER_PASSWORD, or generated and shown once)
  import-opds <csv>                 code,name,riskGroup
  import-budget-lines <csv>         opdCode,year,accountCode,name,pagu
  import-participants <csv>         nik,name,kpj,category,opdCode,coverageFrom,coverageTo,contributionMonths (months YYYY-MM)
  set-rate-table <json>             a new effective-dated rate table version
  set-rate-table --defaults         the rate tables and discounts shipped in packages/core (a fresh stage)
  verify-audit                      checks the whole audit log (exit 3 when broken)

Target: the local runtime by default (http://127.0.0.1:8000, table local-naungan-Main);
--stage S (without --endpoint) is AWS via the default credential chain, the table from --table or .sst/outputs.json.
Exit codes: 0 all good, 2 some rows bad (the good ones applied), 3 audit log broken, 1 fatal error.`;

export interface ParsedArgs {
  command?: string;
  positional: string[];
  options: Record<string, string>;
}

const VALUE_OPTIONS = new Set(["endpoint", "table", "stage", "region", "email", "name", "role", "opd"]);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h" || arg === "--defaults") {
      options[arg === "--defaults" ? "defaults" : "help"] = "true";
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) {
      positional.push(arg);
      continue;
    }
    const name = m[1]!;
    if (!VALUE_OPTIONS.has(name)) throw new AdminUsageError(`Unknown option --${name}.\n\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === "") throw new AdminUsageError(`--${name} needs a value.`);
    options[name] = value;
  }
  const [command, ...rest] = positional;
  return { command, positional: rest, options };
}

export interface RunContext {
  log?: (line: string) => void;
  error?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Tests hand in a platform on their own table (then no target is resolved). */
  platform?: Platform;
}

function logUser(what: string, r: CreateUserResult, log: (line: string) => void): void {
  if (r.outcome === "exists") return log(`${what} ${r.email} already exists; nothing changed`);
  log(`${what} ${r.email} created`);
  if (r.generatedPassword) log(`generated password (shown only now; change it after the first sign-in): ${r.generatedPassword}`);
}

const fileArg = (args: ParsedArgs, what: string) => {
  const file = args.positional[0];
  if (!file) throw new AdminUsageError(`${args.command} needs the path of the ${what}.`);
  return file;
};

/** Runs one command; answers the exit code (never exits itself). */
export async function runAdmin(argv: readonly string[], ctx: RunContext = {}): Promise<number> {
  const log = ctx.log ?? ((l: string) => console.log(l));
  const error = ctx.error ?? ((l: string) => console.error(l));
  const env = ctx.env ?? process.env;
  try {
    const args = parseArgs(argv);
    if (!args.command || args.command === "help" || args.options.help) {
      log(USAGE);
      return args.command ? EXIT_OK : EXIT_FATAL;
    }
    const commands = ["create-admin", "create-user", "import-opds", "import-budget-lines", "import-participants", "set-rate-table", "verify-audit"];
    if (!commands.includes(args.command)) throw new AdminUsageError(`Unknown command "${args.command}".\n\n${USAGE}`);
    let target: AdminTarget | undefined;
    let platform = ctx.platform;
    if (!platform) {
      target = resolveTarget(args.options);
      log(`target: ${describeTarget(target)}`);
      platform = await openPlatform(target);
    }
    const by = adminActor();
    switch (args.command) {
      case "create-admin": {
        const r = await createAdmin(platform, { email: args.options.email, name: args.options.name, password: env.NAUNGAN_ADMIN_PASSWORD || undefined }, by);
        logUser("admin", r, log);
        return EXIT_OK;
      }
      case "create-user": {
        const { email, name, role, opd } = args.options;
        const r = await createUser(platform, { email, name, role, opdCode: opd, password: env.NAUNGAN_USER_PASSWORD || undefined, passwordVariable: "NAUNGAN_USER_PASSWORD" }, by);
        logUser(`user (${role})`, r, log);
        return EXIT_OK;
      }
      case "import-opds": {
        const s = await importOpds(platform, fileArg(args, "OPD CSV"), by);
        formatSummary("OPDs", s).forEach(log);
        return exitCodeOf(s);
      }
      case "import-budget-lines": {
        const s = await importBudgetLines(platform, fileArg(args, "budget line CSV"), by);
        formatSummary("budget lines", s).forEach(log);
        return exitCodeOf(s);
      }
      case "import-participants": {
        const s = await importParticipantsCsv(platform, fileArg(args, "participant CSV"), by);
        formatSummary("participants", s).forEach(log);
        return exitCodeOf(s);
      }
      case "set-rate-table": {
        if (args.options.defaults) {
          const d = await storeDefaultRates(platform, by);
          log(`default rates: ${d.rateTables} rate tables and ${d.discounts} discounts created (the others already stored)`);
          return EXIT_OK;
        }
        const r = await setRateTable(platform, fileArg(args, "rate table JSON"), by);
        log(r.outcome === "unchanged" ? `rate table ${r.id} already stored; nothing changed` : `rate table ${r.id} created`);
        if (r.closed) log(`rate table ${r.closed.id} now ends ${r.closed.validTo}`);
        return EXIT_OK;
      }
      case "verify-audit": {
        const { verdict, lines } = await verifyAudit(platform);
        (verdict.ok ? log : error)(lines.join("\n"));
        return verdict.ok ? EXIT_OK : EXIT_AUDIT_BROKEN;
      }
    }
    return EXIT_FATAL;
  } catch (err) {
    if (err instanceof AdminUsageError) error(err.message);
    else error(`admin: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    return EXIT_FATAL;
  }
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  runAdmin(process.argv.slice(2)).then((code) => process.exit(code));
}
