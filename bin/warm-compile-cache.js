// Fills Node's compile cache (NODE_COMPILE_CACHE) with every module the server and the CLI
// load, without starting either; the image runs it at build time. Node keys the cache by its
// version, the V8 flags and the user id: run it as the user and with the flags the server
// runs with (the Dockerfile does).
import { flushCompileCache, getCompileCacheDir } from 'node:module';
import { prepareNode } from './prepare-node.js';

await prepareNode('warm-compile-cache');
if (getCompileCacheDir() === undefined) {
  process.stderr.write('warm-compile-cache: the compile cache could not be enabled (is NODE_COMPILE_CACHE writable?)\n');
  process.exit(1);
}
for (const module of ['../src/app/main.ts', '../src/app/start-server.ts', '../src/app/create-logger.ts', '../src/cli/main.ts', '../src/cli/check-command.ts', '../src/cli/report-command.ts', '../src/cli/cycle-command.ts']) {
  await import(module);
}
flushCompileCache();
process.stdout.write(`compile cache written to ${getCompileCacheDir()}\n`);
