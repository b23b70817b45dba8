// A tag listing read page after page, the same way for the Hub API and the distribution API:
// at most `pageCap` pages; a repository the registry does not know is an empty, complete
// listing; a page whose next link cannot be followed (another origin, a changed filter) ends
// the listing as incomplete.
import type { ListedTag, TagListing } from '../core/model.ts';

/** One page: its tags, and where the next is (undefined: the last page; 'stop': not to be followed). */
export type TagPage = { tags: ListedTag[]; next: URL | undefined | 'stop' } | 'not-found';

/** Reads pages from `first` with `readPage` until the last one, a stop, or the cap. */
export async function readTagPages(first: URL, pageCap: number, readPage: (url: URL) => Promise<TagPage>): Promise<TagListing> {
  const tags: ListedTag[] = [];
  let url: URL | undefined = first;
  for (let page = 0; url !== undefined; page++) {
    if (page >= pageCap) return { tags, complete: false };
    const result = await readPage(url);
    if (result === 'not-found') return { tags, complete: true };
    tags.push(...result.tags);
    if (result.next === 'stop') return { tags, complete: false };
    url = result.next;
  }
  return { tags, complete: true };
}
