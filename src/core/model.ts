// Shared value types of the pure core. Every module in src/core speaks these;
// adapters translate the world into them at the edges.

/** Half-open offsets [start, end) into the Dockerfile text as read (a JS string). */
export interface Range {
  start: number;
  end: number;
}

/** A registry repository, normalised as Docker does: `debian` → docker.io / library/debian. */
export interface ImageName {
  registry: string;
  repository: string;
}

export interface ImageRef extends ImageName {
  tag?: string;
  /** `sha256:…` without the leading `@`. */
  digest?: string;
}

/**
 * A resolved image reference, as text parts. A `pin` part marks where a pin's value
 * lands, so that a candidate value can be substituted without re-resolving ARGs.
 */
export type RefPart = { kind: 'text'; text: string } | { kind: 'pin'; pinId: string; value: string };

/** One FROM instruction. */
export interface FromLine {
  /** 1-based line of the FROM keyword. */
  line: number;
  kind: 'image' | 'stage' | 'scratch' | 'unresolved';
  /** The image argument as written, e.g. `${RUNNER_IMAGE}`. */
  raw: string;
  /** `AS name`, if any. */
  stageName?: string;
  /** `--platform=…` value as written, if any. */
  platform?: string;
  /** Fully resolved reference text, for kind `image`. */
  resolved?: string;
  /** Resolved reference as parts, for kind `image`. */
  parts?: RefPart[];
  /** Where the reference's digest (`sha256:…`) sits in the file, when it carries one and it is literal text. */
  digestRange?: Range;
  /** Why it could not be resolved, for kind `unresolved`. */
  reason?: string;
}

/** The place in a file whose text holds a dated value. */
export interface Pin {
  /** Unique within a file: `arg:NAME` or `from:LINE`. */
  id: string;
  kind: 'arg' | 'from';
  /** ARG name, or for a FROM literal the repository as written (e.g. `debian`). */
  name: string;
  /** 1-based line of the value. */
  line: number;
  /** Current value text, unquoted: `bullseye-20250520-slim`. */
  value: string;
  /** Offsets of `value` in the file. */
  valueRange: Range;
  /** Indexes into `DockerfileAnalysis.froms` of the FROM images this pin feeds, directly or through other ARGs. */
  feeds: number[];
}

/** A FROM image whose tag carries no date: reported, left alone. */
export interface UnmanagedImage {
  line: number;
  ref: string;
  reason: string;
}

export interface DockerfileAnalysis {
  froms: FromLine[];
  pins: Pin[];
  unmanaged: UnmanagedImage[];
}

/** A byte-for-byte replacement in a file's text. */
export interface TextEdit {
  range: Range;
  replacement: string;
}

/** A platform as `os/architecture[/variant]`, e.g. `linux/arm64/v8`. */
export type Platform = string;

/** One tag as a registry lists it. Hub listings carry digest and platforms; OCI listings only names. */
export interface ListedTag {
  name: string;
  digest?: string;
  platforms?: Platform[];
}

export interface TagListing {
  tags: ListedTag[];
  /** False when a page cap or filter limit cut the listing short. */
  complete: boolean;
}

/** What the registry says about one tag. */
export type TagFacts = { exists: false } | { exists: true; digest?: string; platforms: Platform[] };

/** A fact that could not be had: the registry was unreachable or answered garbage. */
export interface FactError {
  error: string;
}
