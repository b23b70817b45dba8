import { describe, expect, it } from 'vitest';
import { parseLinkNext } from '../../src/registry/read-json-body.ts';

describe('parseLinkNext', () => {
  const base = 'https://ghcr.io/v2/o/r/tags/list?n=100';
  it.each([
    ['</v2/o/r/tags/list?last=b&n=100>; rel="next"', 'https://ghcr.io/v2/o/r/tags/list?last=b&n=100'],
    ['</v2/o/r/tags/list?last=b>; rel=next', 'https://ghcr.io/v2/o/r/tags/list?last=b'],
    ['<https://ghcr.io/x?page=1>; rel="prev", <https://ghcr.io/x?page=3>; rel="next"', 'https://ghcr.io/x?page=3'],
    ['<https://other.example/x>; type="a"; rel="last next"', 'https://other.example/x'],
    ['<https://ghcr.io/x>; rel="prev"', undefined],
    [undefined, undefined],
  ])('%s', (link, expected) => {
    expect(parseLinkNext(link, base)?.toString()).toBe(expected);
  });
});
