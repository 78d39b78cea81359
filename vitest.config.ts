import { defineConfig } from "vitest/config";

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
