// The job's shared pieces: the runtime's commit-files cache (bounded, least recently used
// first out) and a fresh memo per job.
import { describe, expect, it } from 'vitest';
import { createCommitFilesCache, createJobMemo } from '../../src/services/repo-job.ts';

const entry = (bytes: number) => ({ files: [], warnings: [], bytes });

describe('createCommitFilesCache', () => {
  it('keeps at most maxEntries, dropping the least recently used first', () => {
    const cache = createCommitFilesCache(2, 1_000);
    cache.set('a', entry(1));
    cache.set('b', entry(1));
    expect(cache.get('a')).toBeDefined();
    cache.set('c', entry(1));
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((found) => found !== undefined)).toEqual([true, false, true]);
  });

  it('keeps at most maxBytes, and counts a replaced entry once', () => {
    const cache = createCommitFilesCache(10, 10);
    cache.set('a', entry(6));
    cache.set('a', entry(6));
    expect(cache.get('a')).toBeDefined();
    cache.set('b', entry(6));
    expect([cache.get('a'), cache.get('b')].map((found) => found !== undefined)).toEqual([false, true]);
  });
});

describe('createJobMemo', () => {
  it('starts empty for every job', () => {
    const memo = createJobMemo();
    expect(memo.config).toBeUndefined();
    expect(memo.openPulls.size).toBe(0);
    expect(createJobMemo().openPulls).not.toBe(memo.openPulls);
  });
});
