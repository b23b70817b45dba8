import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    setupFiles: ['test/setup/nock-guard.ts'],
    // @actions/workflow-parser imports its JSON schemas without `with { type: 'json' }`, which
    // Node refuses; inlined, Vite loads them.
    server: { deps: { inline: ['@actions/workflow-parser', '@actions/expressions'] } },
  },
});
