// How `npm start` runs the server, read from package.json: the V8 flags and the entry point.
// Tests spawn the server this way and the benchmark measures it with these flags, so neither
// can drift from what users (and the image's CMD, checked against it) run.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ServerCommand {
  /** Node's own options (the V8 heap flags), in order. */
  nodeFlags: string[];
  /** Absolute path of the entry script (bin/freshpin-server.js). */
  entry: string;
  /** The entry as package.json writes it (relative to the repository root). */
  entryPath: string;
}

const ROOT = new URL('../../', import.meta.url);

export function readServerCommand(): ServerCommand {
  const manifest = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { scripts: Record<string, string> };
  const words = (manifest.scripts.start ?? '').trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json's start script must run node: ${manifest.scripts.start}`);
  const entryAt = words.findIndex((word, i) => i > 0 && !word.startsWith('-'));
  if (entryAt < 0) throw new Error(`package.json's start script names no entry: ${manifest.scripts.start}`);
  const entryPath = words[entryAt] as string;
  return { nodeFlags: words.slice(1, entryAt), entry: fileURLToPath(new URL(entryPath, ROOT)), entryPath };
}
