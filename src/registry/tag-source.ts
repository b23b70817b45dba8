// The port through which the rest of freshpin asks registries about tags.
import type { ImageName, TagListing, TagFacts } from '../core/model.ts';

export interface TagSource {
  /** Tags of `image` whose name starts with `prefix`. complete=false when a page cap cut it short. */
  listTags(image: ImageName, prefix: string): Promise<TagListing>;
  /** Existence, index/manifest digest and platforms (`os/arch[/variant]`, attestations `unknown/unknown` excluded) of one tag. */
  describeTag(image: ImageName, tag: string): Promise<TagFacts>;
}
