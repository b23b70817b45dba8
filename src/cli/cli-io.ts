// What a CLI command may touch of its process: streams, environment and working directory.
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** A usage or setup problem, shown as one line with exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
