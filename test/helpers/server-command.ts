// How the server runs: `npm start` and the image's CMD both run `bin/run-node.sh
// bin/freshpin-server.js`, and that script's exec line is the one place the server's V8 flags
// are written. Tests spawn the server with these flags and the benchmark measures it with
// them, so neither can drift from what users and the image run.
//
// Tests (and the benchmark) also add SOURCE_CONDITION: the entry points then load the
// TypeScript sources instead of the compiled dist/, so what is tested is the code in the
// worktree, never a stale build.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ServerCommand {
  /** Node's own options (the V8 heap flags), in order. */
  nodeFlags: string[];
  /** Absolute path of the entry script (bin/freshpin-server.js). */
  entry: string;
  /** The entry as `npm start` names it (relative to the repository root). */
  entryPath: string;
}

/** Node's option that points `#cli` and `#server` (package.json "imports") at the TypeScript sources. */
export const SOURCE_CONDITION = '--conditions=freshpin-source';

const ROOT = new URL('../../', import.meta.url);
const LAUNCHER = 'bin/run-node.sh';

/** The V8 flags of bin/run-node.sh's `exec node …` line. */
export function readServerNodeFlags(): string[] {
  const script = readFileSync(new URL(LAUNCHER, ROOT), 'utf8');
  const line = script.split('\n').find((text) => text.startsWith('exec node '));
  if (line === undefined) throw new Error(`${LAUNCHER} has no \`exec node …\` line`);
  const words = line.trim().split(/\s+/);
  if (words.at(-1) !== '"$@"') throw new Error(`${LAUNCHER}'s exec line must end with "$@": ${line}`);
  return words.slice(2, -1);
}

/** `npm start` (package.json) parsed: the launcher, then the entry. */
export function readServerCommand(): ServerCommand {
  const manifest = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { scripts: Record<string, string> };
  const words = (manifest.scripts.start ?? '').trim().split(/\s+/);
  if (words[0] !== 'sh' || words[1] !== LAUNCHER) throw new Error(`package.json's start script must run ${LAUNCHER}: ${manifest.scripts.start}`);
  const entryPath = words[2];
  if (entryPath === undefined) throw new Error(`package.json's start script names no entry: ${manifest.scripts.start}`);
  return { nodeFlags: readServerNodeFlags(), entry: fileURLToPath(new URL(entryPath, ROOT)), entryPath };
}
