// The GitHub fake's public entry point.
export { startGitHubFake } from './start-github-fake.ts';
export type { GitHubFake, PushAuthor } from './start-github-fake.ts';
export type { FaultSpec, FileMap, GitHubFakeOptions, Permission, RequestLogEntry, Violation } from './types.ts';
export type { WorkflowRun } from './fake-state.ts';
export { webhookPayloadProblems } from './webhook-schema.ts';
