#!/usr/bin/env node
// The freshpin CLI: `npx freshpin …` in a project that installed freshpin, or in this checkout.
import { importEntry, requireNode24 } from './require-node.js';

requireNode24('freshpin');
const { main } = await importEntry('freshpin', '#cli');

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
