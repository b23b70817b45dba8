// What both entry points (the CLI and the server) do before any TypeScript loads. They are
// plain JavaScript so that this runs first:
// - refuse a Node older than 24 (the sources run through Node 24's type stripping);
// - turn Node's compile cache on. With a warm cache (the image builds one at build time with
//   bin/warm-compile-cache.js), freshpin's modules load already stripped and compiled, so Node
//   never loads its TypeScript stripper (about 20 MB of resident memory) and starts faster.
//   The directory is NODE_COMPILE_CACHE, else the OS temp directory; a read-only or missing
//   cache only costs that memory and time.
export async function prepareNode(what) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    process.stderr.write(`${what}: needs Node 24 (this is ${process.version}); run it through npm (npm start, npx freshpin …), which uses the project's Node 24\n`);
    process.exit(1);
  }
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.();
}
