// Run-scoped memoisation in front of a TagSource: each (image, prefix) listing and each
// (image, tag) description is asked once, however many files share it. Failures are
// remembered too, so a broken registry is not hammered again within the run.
import { imageKey } from '../core/dockerfile/parse-image-ref.ts';
import type { ImageName, TagFacts, TagListing } from '../core/model.ts';
import type { TagSource } from './tag-source.ts';

/** Wraps `source` so that concurrent and repeated questions share one answer (or one failure). */
export function createCachingTagSource(source: TagSource): TagSource {
  const listings = new Map<string, Promise<TagListing>>();
  const facts = new Map<string, Promise<TagFacts>>();

  return {
    listTags(image: ImageName, prefix: string) {
      return memo(listings, `${imageKey(image)}\n${prefix}`, () => source.listTags(image, prefix));
    },
    describeTag(image: ImageName, tag: string) {
      return memo(facts, `${imageKey(image)}\n${tag}`, () => source.describeTag(image, tag));
    },
  };
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let promise = cache.get(key);
  if (promise === undefined) {
    // Deferred so a synchronous throw in `load` is cached as a rejection like any other failure.
    promise = Promise.resolve().then(load);
    cache.set(key, promise);
  }
  return promise;
}
