import { handle } from "hono/aws-lambda";
import { Config } from "sst/node/config";
import { createPlatform } from "@naungan/platform";
import { createApp } from "./app";

const tableName = process.env.TABLE_NAME;
if (!tableName) throw new Error("TABLE_NAME is not set (the Api stack sets it)");

// The AWS adapter: same app as locally; only where the table and key come from differs.
const platform = createPlatform({ dynamo: {}, tableName, sessionSecret: Config.SESSION_SECRET });
export const handler = handle(createApp({ platform, secureCookies: true }));
