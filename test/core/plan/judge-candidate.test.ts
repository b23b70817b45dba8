import { describe, expect, it } from 'vitest';
import { normalizePlatform, platformSet, runnablePlatforms } from '../../../src/core/plan/judge-candidate.ts';

describe('platforms', () => {
  it.each([
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/arm64', 'linux/arm64'],
    ['linux/arm/v7', 'linux/arm/v7'],
    ['Linux/AMD64', 'linux/amd64'],
  ])('normalizePlatform(%s) = %s', (platform, expected) => {
    expect(normalizePlatform(platform)).toBe(expected);
  });

  it('leaves attestation entries out', () => {
    expect(runnablePlatforms(['linux/amd64', 'unknown/unknown', 'unknown'])).toEqual(['linux/amd64']);
  });

  it('sets are sorted, distinct and normalised', () => {
    expect(platformSet(['linux/arm64/v8', 'linux/amd64', 'linux/arm64', 'unknown/unknown'])).toEqual(['linux/amd64', 'linux/arm64']);
  });
});
