import { defineConfig } from "vitest/config";

// Node 20 runs locally and in CI (Lambda runs 22): the SDK's upgrade notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export default defineConfig({
  test: {
    // One DynamoDB Local (in memory) for the whole run; each test file makes its own table.
    globalSetup: ["packages/local/test/global-setup.ts"],
    include: ["packages/*/test/**/*.test.{ts,tsx}", "infra-tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
