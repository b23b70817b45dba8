// The file engine of the key-value store: the in-memory engine, loaded from a JSON file at
// start and written back (whole, to a temporary file renamed over it, so a crash never leaves
// half a file) at most once per `debounceMs` after a change, and on `flush()`. An unreadable
// or malformed file is a lost cache, not an error: the store starts empty.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { KeyValueStore } from './key-value-store.ts';
import { createMemoryStore } from './key-value-store.ts';

const FileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), z.string()) });

export interface FileStoreOptions {
  /** Delay between a change and the write (default 5 s). */
  debounceMs?: number;
  /** Told when the file could not be read (it is then ignored) or written. */
  onProblem?: (problem: { action: 'read' | 'write'; error: unknown }) => void;
}

/** Reads the entries of a state file; empty when it is absent or unreadable. */
function readEntries(path: string, onProblem: FileStoreOptions['onProblem']): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onProblem?.({ action: 'read', error });
    return new Map();
  }
  try {
    return new Map(Object.entries(FileSchema.parse(JSON.parse(text)).entries));
  } catch (error) {
    onProblem?.({ action: 'read', error });
    return new Map();
  }
}

/** A store persisted at `path`. */
export function createFileStore(path: string, options: FileStoreOptions = {}): KeyValueStore {
  const memory = createMemoryStore(readEntries(path, options.onProblem));
  const debounceMs = options.debounceMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  const write = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    try {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify({ version: 1, entries: Object.fromEntries(memory.entries()) }));
      renameSync(temporary, path);
    } catch (error) {
      options.onProblem?.({ action: 'write', error });
    }
  };
  const changed = () => {
    dirty = true;
    if (timer === undefined) {
      timer = setTimeout(write, debounceMs);
      timer.unref();
    }
  };
  return {
    get: (key) => memory.get(key),
    async set(key, value) {
      await memory.set(key, value);
      changed();
    },
    async delete(key) {
      await memory.delete(key);
      changed();
    },
    keys: (prefix) => memory.keys(prefix),
    async flush() {
      write();
    },
  };
}

/** The store the settings name: a file at `statePath`, else memory. */
export function createStore(statePath: string | undefined, options: FileStoreOptions = {}): KeyValueStore {
  return statePath === undefined || statePath === '' ? createMemoryStore() : createFileStore(statePath, options);
}
