// Where GitHub's JSON enters: validated permissively with zod (unknown fields pass,
// only what an adapter reads is checked), and a mismatch becomes a typed error.
import type { z } from 'zod';
import { GitHubResponseError, isGitHubFailure } from './github-errors.ts';

/** Parses `data` with `schema`, or throws GitHubResponseError naming `context` and the first bad field. */
export function parsePayload<S extends z.ZodType>(schema: S, data: unknown, context: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'body' : issue.path.join('.');
  throw new GitHubResponseError(context, `${where}: ${issue?.message ?? 'invalid'}`);
}

/** Resolves to undefined when `run` fails with a GitHubError of kind `not-found`; other failures pass. */
export async function undefinedIfNotFound<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (isGitHubFailure(error, 'not-found')) return undefined;
    throw error;
  }
}
