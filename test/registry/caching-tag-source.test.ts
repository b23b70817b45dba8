import { describe, expect, it } from 'vitest';
import type { ImageName, TagFacts, TagListing } from '../../src/core/model.ts';
import { createCachingTagSource } from '../../src/registry/caching-tag-source.ts';
import type { TagSource } from '../../src/registry/tag-source.ts';

const DEBIAN: ImageName = { registry: 'docker.io', repository: 'library/debian' };
const NODE: ImageName = { registry: 'docker.io', repository: 'library/node' };

function fakeSource(fail = false) {
  const calls: string[] = [];
  const source: TagSource = {
    async listTags(image, prefix): Promise<TagListing> {
      calls.push(`list ${image.repository} ${prefix}`);
      if (fail) throw new Error('boom');
      return { tags: [{ name: `${prefix}1` }], complete: true };
    },
    async describeTag(image, tag): Promise<TagFacts> {
      calls.push(`describe ${image.repository} ${tag}`);
      if (fail) throw new Error('boom');
      return { exists: true, platforms: ['linux/amd64'] };
    },
  };
  return { source, calls };
}

describe('createCachingTagSource', () => {
  it('asks once per (image, prefix) and per (image, tag), even concurrently', async () => {
    const { source, calls } = fakeSource();
    const cached = createCachingTagSource(source);
    await Promise.all([
      cached.listTags(DEBIAN, 'bookworm-'),
      cached.listTags(DEBIAN, 'bookworm-'),
      cached.listTags({ ...DEBIAN }, 'bookworm-'),
      cached.listTags(DEBIAN, 'bullseye-'),
      cached.listTags(NODE, 'bookworm-'),
      cached.describeTag(DEBIAN, 'bookworm-1'),
      cached.describeTag(DEBIAN, 'bookworm-1'),
      cached.describeTag(NODE, 'bookworm-1'),
    ]);
    await cached.listTags(DEBIAN, 'bookworm-');
    expect(calls.sort()).toEqual([
      'describe library/debian bookworm-1',
      'describe library/node bookworm-1',
      'list library/debian bookworm-',
      'list library/debian bullseye-',
      'list library/node bookworm-',
    ]);
  });

  it('remembers failures for the run', async () => {
    const { source, calls } = fakeSource(true);
    const cached = createCachingTagSource(source);
    await expect(cached.listTags(DEBIAN, 'x')).rejects.toThrow('boom');
    await expect(cached.listTags(DEBIAN, 'x')).rejects.toThrow('boom');
    await expect(cached.describeTag(DEBIAN, 'x')).rejects.toThrow('boom');
    await expect(cached.describeTag(DEBIAN, 'x')).rejects.toThrow('boom');
    expect(calls).toEqual(['list library/debian x', 'describe library/debian x']);
  });
});
