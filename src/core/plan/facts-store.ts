// A plain in-memory FactsView the fetching loop fills in and the decision reads.
import { imageKey } from '../dockerfile/parse-image-ref.ts';
import type { FactError, ImageName, TagFacts, TagListing } from '../model.ts';
import type { FactQuery, FactsView } from './plan-types.ts';

export interface FactsStore extends FactsView {
  setListing(image: ImageName, prefix: string, listing: TagListing | FactError): void;
  setTag(image: ImageName, tag: string, facts: TagFacts | FactError): void;
  /** Stores the answer to a query; the fact must match the query's type. */
  record(query: FactQuery, fact: TagListing | TagFacts | FactError): void;
  /** True when the query's fact is already known. */
  has(query: FactQuery): boolean;
}

/** The store key of a query: image, kind and prefix or tag. */
export function factKey(query: FactQuery): string {
  const detail = query.type === 'list' ? query.prefix : query.tag;
  return `${query.type}\u0000${imageKey(query.image)}\u0000${detail}`;
}

/** An empty store. */
export function createFactsStore(): FactsStore {
  const listings = new Map<string, TagListing | FactError>();
  const tags = new Map<string, TagFacts | FactError>();
  const listKey = (image: ImageName, prefix: string) => factKey({ type: 'list', image, prefix });
  const tagKey = (image: ImageName, tag: string) => factKey({ type: 'describe', image, tag });
  return {
    listing: (image, prefix) => listings.get(listKey(image, prefix)),
    tag: (image, tag) => tags.get(tagKey(image, tag)),
    setListing(image, prefix, listing) {
      listings.set(listKey(image, prefix), listing);
    },
    setTag(image, tag, facts) {
      tags.set(tagKey(image, tag), facts);
    },
    record(query, fact) {
      if (query.type === 'list') listings.set(factKey(query), fact as TagListing | FactError);
      else tags.set(factKey(query), fact as TagFacts | FactError);
    },
    has(query) {
      return query.type === 'list' ? listings.has(factKey(query)) : tags.has(factKey(query));
    },
  };
}
