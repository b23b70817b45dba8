// `freshpin cycle`: one pass of the GitHub App over every installation and repository, then exit.
import type { CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';

export async function runCycle(_argv: string[], _io: CliIo): Promise<number> {
  throw new UsageError('cycle is not available yet');
}
