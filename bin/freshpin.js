#!/usr/bin/env node
// The freshpin CLI. Sources are TypeScript, run by Node 24's type stripping.
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
