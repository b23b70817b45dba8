import { describe, expect, it } from 'vitest';
import { createFactsStore, factKey } from '../../../src/core/plan/facts-store.ts';
import { isFactError } from '../../../src/core/plan/plan-types.ts';
import type { FactQuery } from '../../../src/core/plan/plan-types.ts';

const DEBIAN = { registry: 'docker.io', repository: 'library/debian' };
const MIRROR = { registry: 'mirror.example', repository: 'library/debian' };

describe('createFactsStore', () => {
  it('answers undefined until told, then what it was told', () => {
    const store = createFactsStore();
    expect(store.listing(DEBIAN, 'bullseye-')).toBeUndefined();
    expect(store.tag(DEBIAN, 'bullseye-20250520-slim')).toBeUndefined();
    store.setListing(DEBIAN, 'bullseye-', { tags: [{ name: 'bullseye-20250520-slim' }], complete: true });
    store.setTag(DEBIAN, 'bullseye-20250520-slim', { exists: false });
    expect(store.listing(DEBIAN, 'bullseye-')).toEqual({ tags: [{ name: 'bullseye-20250520-slim' }], complete: true });
    expect(store.tag(DEBIAN, 'bullseye-20250520-slim')).toEqual({ exists: false });
  });

  it.each<[string, FactQuery, FactQuery]>([
    ['prefixes', { type: 'list', image: DEBIAN, prefix: 'bullseye-' }, { type: 'list', image: DEBIAN, prefix: 'bullseye' }],
    ['registries', { type: 'list', image: DEBIAN, prefix: '' }, { type: 'list', image: MIRROR, prefix: '' }],
    ['lists and tags', { type: 'list', image: DEBIAN, prefix: 'x' }, { type: 'describe', image: DEBIAN, tag: 'x' }],
  ])('keeps %s apart', (_name, a, b) => {
    const store = createFactsStore();
    store.record(a, { error: 'down' });
    expect(store.has(a)).toBe(true);
    expect(store.has(b)).toBe(false);
    expect(factKey(a)).not.toBe(factKey(b));
  });

  it('records answers by query, errors included', () => {
    const store = createFactsStore();
    store.record({ type: 'describe', image: DEBIAN, tag: 't' }, { error: 'timeout' });
    store.record({ type: 'list', image: DEBIAN, prefix: 'p' }, { tags: [], complete: false });
    expect(isFactError(store.tag(DEBIAN, 't'))).toBe(true);
    expect(isFactError(store.listing(DEBIAN, 'p'))).toBe(false);
  });
});
