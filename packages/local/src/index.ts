export { DEMO_PASSWORD, DEMO_YEAR, demoBudgetLine, demoUsers, seedDemoData, type SeedSummary } from "./demo-data";
export { startDynamoDbLocal } from "./dynamodb-local";
export { LocalRuntimeError } from "./errors";
export { localTableName, startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from "./runtime";
export { createLocalPlatform, deployLocalWorkflows, registerLocalTasks } from "./local-workflows";
