// What both entry points (the CLI and the server) do first, in plain JavaScript that any
// Node parses: refuse a Node older than 24 with one clear line, then load freshpin.
//
// `#cli` and `#server` (package.json "imports") are the compiled JavaScript in dist/, which
// `npm run build` writes (`npm ci` and `npm pack` run it). Started with
// `node --conditions=freshpin-source`, they are the TypeScript sources instead: the tests do
// that, so a stale dist/ can never stand in for the code under test.

/** Exits with one line on stderr unless this is Node 24 or newer. */
export function requireNode24(what) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    process.stderr.write(`${what}: needs Node.js 24 or newer (this is ${process.version})\n`);
    process.exit(1);
  }
}

/** Imports `#cli` or `#server`, saying how to build dist/ when it is missing. */
export async function importEntry(what, specifier) {
  try {
    return await import(specifier);
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('/dist/')) {
      process.stderr.write(`${what}: the compiled JavaScript (dist/) is missing: run \`npm run build\` (npm ci runs it)\n`);
      process.exit(1);
    }
    throw error;
  }
}
