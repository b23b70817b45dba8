import { defineConfig } from 'vitest/config';

/** Tests that run real programs: the server process, the docker-registry, the GitHub fake, shellcheck. */
const INTEGRATION = [
  'test/app/**/*.test.ts',
  'test/settings/**/*.test.ts',
  'test/cli/check-e2e.test.ts',
  'test/registry/registry-integration.test.ts',
  'test/fakes/**/*.test.ts',
  'test/queue/bullmq-queue.test.ts',
  'test/store/redis-store.test.ts',
  'test/scripts/shellcheck.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    setupFiles: ['test/setup/nock-guard.ts'],
    // `npm test` runs both; `npm run test:unit` (`--project unit`) only the in-process ones.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: INTEGRATION } },
      { extends: true, test: { name: 'integration', include: INTEGRATION } },
    ],
    // @actions/workflow-parser imports its JSON schemas without `with { type: 'json' }`, which
    // Node refuses; inlined, Vite loads them.
    server: { deps: { inline: ['@actions/workflow-parser', '@actions/expressions'] } },
  },
});
