export { createApp, openApiInfo, type App } from "./app";
export type { AppDeps, AppEnv } from "./env";
export { inProcessImports, type ImportDispatcher } from "./imports/start-import";
export type { DemoLogin } from "./pages/login";
export { id as messages } from "@naungan/core/i18n";
