#!/usr/bin/env node
// The freshpin CLI. Sources are TypeScript, run by Node 24's type stripping; npm and npx put
// the project's own Node 24 (the `node` devDependency) first on PATH.
import { prepareNode } from './prepare-node.js';

await prepareNode('freshpin');
const { main } = await import('../src/cli/main.ts');

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
