// A listing read page by page, stopped once it holds enough: Octokit's `paginate` map function
// that ends the pagination at `max` items (what freshpin needs is near the start; an unbounded
// listing of a flooded PR or run could hold hundreds of MB).
import type { OctokitResponse } from '@octokit/types';

/** A `paginate` map function that stops after `max` items (the page that reaches it is kept whole). */
export function stopAfter(max: number) {
  let listed = 0;
  return (response: OctokitResponse<unknown>, done: () => void): unknown[] => {
    const page = response.data as unknown[];
    listed += page.length;
    if (listed >= max) done();
    return page;
  };
}
