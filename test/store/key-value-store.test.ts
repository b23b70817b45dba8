// The key-value store's engines: memory (values are copies) and file (persisted atomically,
// read back by a new store, a damaged file is a lost cache, not an error).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore, createStore } from '../../src/store/file-store.ts';
import { createMemoryStore } from '../../src/store/key-value-store.ts';
import type { KeyValueStore } from '../../src/store/key-value-store.ts';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'freshpin-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'state.json');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.each<[string, () => KeyValueStore]>([
  ['memory', () => createMemoryStore()],
  ['file', () => createFileStore(tempPath(), { debounceMs: 60_000 })],
])('the %s engine', (_name, make) => {
  it('gets, sets, deletes and lists by prefix, handing out copies', async () => {
    const store = make();
    const value = { a: [1, 2], b: 'x' };
    await store.set('repo:a/b', value);
    await store.set('repo:a/c', 1);
    await store.set('installation:1', true);
    value.a.push(3);
    expect(await store.get('repo:a/b')).toEqual({ a: [1, 2], b: 'x' });
    expect((await store.keys('repo:')).sort()).toEqual(['repo:a/b', 'repo:a/c']);
    await store.delete('repo:a/c');
    expect(await store.get('repo:a/c')).toBeUndefined();
    await store.flush();
  });
});

describe('the file engine', () => {
  it('persists on flush and a new store reads it back', async () => {
    const path = tempPath();
    const store = createFileStore(path, { debounceMs: 60_000 });
    await store.set('k', { v: 1 });
    await store.flush();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, entries: { k: '{"v":1}' } });
    expect(await createStore(path).get('k')).toEqual({ v: 1 });
  });

  it('treats a damaged file as a lost cache and says so', async () => {
    const path = tempPath();
    const store = createFileStore(path, { debounceMs: 60_000 });
    await store.set('k', 1);
    await store.flush();
    writeFileSync(path, '{"version":1,"entries":');
    const problems: string[] = [];
    const reopened = createFileStore(path, { onProblem: (problem) => problems.push(problem.action) });
    expect(await reopened.get('k')).toBeUndefined();
    expect(problems).toEqual(['read']);
  });
});
