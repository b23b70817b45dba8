// The small store freshpin keeps its caches in (the repository index): JSON values by string
// key. Engines: in memory (the default), a file (FRESHPIN_STATE, for the embedded default and
// `freshpin cycle`), and later Redis (shared by replicas) behind the same interface. Every
// method is async so that a networked engine fits; values go in and out as copies.

/** JSON values by key. A cache: an engine may lose anything, callers must cope with `undefined`. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys that start with `prefix` (Redis: SCAN MATCH prefix*). */
  keys(prefix: string): Promise<string[]>;
  /** Writes what is pending to durable storage (no-op in memory). */
  flush(): Promise<void>;
}

/** The in-memory engine: values kept as JSON text, so a caller never shares an object with the store. */
export function createMemoryStore(initial?: ReadonlyMap<string, string>): KeyValueStore & { entries(): Map<string, string> } {
  const values = new Map<string, string>(initial);
  return {
    async get(key) {
      const text = values.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
    async set(key, value) {
      values.set(key, JSON.stringify(value));
    },
    async delete(key) {
      values.delete(key);
    },
    async keys(prefix) {
      return [...values.keys()].filter((key) => key.startsWith(prefix));
    },
    async flush() {},
    entries: () => values,
  };
}
