#!/usr/bin/env node
// The freshpin CLI. Sources are TypeScript, run by Node 24's type stripping; npm and npx put
// the project's own Node 24 (the `node` devDependency) first on PATH.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`freshpin: needs Node 24 (this is ${process.version}); run it through npm (npx freshpin …), which uses the project's Node 24\n`);
  process.exit(1);
}
// Cache compiled modules between runs (start-up is most of a short `check`).
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
