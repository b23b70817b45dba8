// A content-addressed git object store with real git object ids (sha1 over
// `<type> <len>\0<payload>`), so blob, tree and commit shas are consistent.
import { createHash } from 'node:crypto';

/** Author/committer signature. */
export interface GitSignature {
  name: string;
  email: string;
  date: string;
}

/** A GitHub account attached to a commit (author/committer login). */
export interface GitAccount {
  login: string;
  type: 'User' | 'Bot';
}

/** One entry of a tree. */
export interface TreeEntry {
  name: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

/** A file in a flattened tree, keyed by full path. */
export interface FlatEntry {
  mode: string;
  type: 'blob' | 'commit';
  sha: string;
}

/** Stored git objects. */
export type GitObject =
  | { type: 'blob'; sha: string; content: Buffer }
  | { type: 'tree'; sha: string; entries: TreeEntry[] }
  | GitCommit;

/** A stored commit with GitHub's metadata. */
export interface GitCommit {
  type: 'commit';
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitSignature;
  committer: GitSignature;
  authorAccount: GitAccount | null;
  committerAccount: GitAccount | null;
  verified: boolean;
  seq: number;
}

/** A repository's object database. */
export interface GitStore {
  objects: Map<string, GitObject>;
  flatCache: Map<string, Map<string, FlatEntry>>;
}

let commitSeq = 0;

/** Creates an empty store. */
export function newGitStore(): GitStore {
  return { objects: new Map(), flatCache: new Map() };
}

function hashObject(type: string, payload: Buffer): string {
  return createHash('sha1').update(`${type} ${payload.length}\0`).update(payload).digest('hex');
}

/** Stores a blob and returns its sha. */
export function writeBlob(store: GitStore, content: Buffer): string {
  const sha = hashObject('blob', content);
  if (!store.objects.has(sha)) store.objects.set(sha, { type: 'blob', sha, content });
  return sha;
}

function sortKey(e: TreeEntry): string {
  return e.type === 'tree' ? `${e.name}/` : e.name;
}

/** Stores a tree from its entries and returns its sha. */
export function writeTreeEntries(store: GitStore, entries: TreeEntry[]): string {
  const sorted = [...entries].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const parts = sorted.map((e) => Buffer.concat([Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')]));
  const sha = hashObject('tree', Buffer.concat(parts));
  if (!store.objects.has(sha)) store.objects.set(sha, { type: 'tree', sha, entries: sorted });
  return sha;
}

/** Stores the nested trees for a flat path map and returns the root tree sha. */
export function writeFlatTree(store: GitStore, flat: Map<string, FlatEntry>): string {
  const build = (prefix: string, paths: string[]): string => {
    const files: TreeEntry[] = [];
    const dirs = new Map<string, string[]>();
    for (const p of paths) {
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) {
        const e = flat.get(p);
        if (e) files.push({ name: rest, mode: e.mode, type: e.type, sha: e.sha });
      } else {
        const dir = rest.slice(0, slash);
        let list = dirs.get(dir);
        if (!list) dirs.set(dir, (list = []));
        list.push(p);
      }
    }
    for (const [dir, list] of dirs) files.push({ name: dir, mode: '040000', type: 'tree', sha: build(`${prefix}${dir}/`, list) });
    return writeTreeEntries(store, files);
  };
  const sha = build('', [...flat.keys()]);
  store.flatCache.set(sha, new Map(flat));
  return sha;
}

/** All files below a tree, keyed by full path (cached; trees are immutable). */
export function flattenTree(store: GitStore, treeSha: string): Map<string, FlatEntry> {
  const hit = store.flatCache.get(treeSha);
  if (hit) return hit;
  const out = new Map<string, FlatEntry>();
  const walk = (sha: string, prefix: string): void => {
    const tree = store.objects.get(sha);
    if (tree?.type !== 'tree') return;
    for (const e of tree.entries) {
      if (e.type === 'tree') walk(e.sha, `${prefix}${e.name}/`);
      else out.set(`${prefix}${e.name}`, { mode: e.mode, type: e.type, sha: e.sha });
    }
  };
  walk(treeSha, '');
  store.flatCache.set(treeSha, out);
  return out;
}

/** Finds the object at `path` inside a tree ('' is the tree itself). */
export function lookupPath(store: GitStore, treeSha: string, path: string): TreeEntry | undefined {
  let current: TreeEntry = { name: '', mode: '040000', type: 'tree', sha: treeSha };
  for (const part of path.split('/').filter((p) => p !== '')) {
    const tree = store.objects.get(current.sha);
    if (tree?.type !== 'tree') return undefined;
    const next = tree.entries.find((e) => e.name === part);
    if (!next) return undefined;
    current = next;
  }
  return current;
}

/** Fields needed to write a commit. */
export interface CommitInput {
  tree: string;
  parents: string[];
  message: string;
  author: GitSignature;
  committer: GitSignature;
  authorAccount: GitAccount | null;
  committerAccount: GitAccount | null;
  verified: boolean;
}

function unixSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/** Stores a commit and returns it. */
export function writeCommit(store: GitStore, input: CommitInput): GitCommit {
  const sig = (s: GitSignature): string => `${s.name} <${s.email}> ${unixSeconds(s.date)} +0000`;
  const text = [`tree ${input.tree}`, ...input.parents.map((p) => `parent ${p}`), `author ${sig(input.author)}`, `committer ${sig(input.committer)}`, '', input.message].join('\n');
  const sha = hashObject('commit', Buffer.from(text));
  const existing = store.objects.get(sha);
  if (existing?.type === 'commit') return existing;
  const commit: GitCommit = { type: 'commit', sha, ...input, seq: ++commitSeq };
  store.objects.set(sha, commit);
  return commit;
}

/** Reads a commit, or undefined. */
export function readCommit(store: GitStore, sha: string): GitCommit | undefined {
  const o = store.objects.get(sha);
  return o?.type === 'commit' ? o : undefined;
}

/** Every commit reachable from `sha` (inclusive). */
export function ancestors(store: GitStore, sha: string): Set<string> {
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length > 0) {
    const s = stack.pop() ?? '';
    if (seen.has(s)) continue;
    const c = readCommit(store, s);
    if (!c) continue;
    seen.add(s);
    stack.push(...c.parents);
  }
  return seen;
}

/** The newest common ancestor of two commits, or undefined. */
export function mergeBase(store: GitStore, a: string, b: string): string | undefined {
  const fromA = ancestors(store, a);
  let best: GitCommit | undefined;
  for (const s of ancestors(store, b)) {
    if (!fromA.has(s)) continue;
    const c = readCommit(store, s);
    if (c && (!best || c.seq > best.seq)) best = c;
  }
  return best?.sha;
}

/** Commits reachable from `head` but not from `base`, oldest first. */
export function commitsBetween(store: GitStore, base: string, head: string): GitCommit[] {
  const exclude = ancestors(store, base);
  const out: GitCommit[] = [];
  for (const s of ancestors(store, head)) {
    const c = readCommit(store, s);
    if (c && !exclude.has(s)) out.push(c);
  }
  return out.sort((x, y) => x.seq - y.seq);
}

/** File-level three-way merge of `theirs` into `ours`; null on conflict. */
export function mergeTrees(store: GitStore, baseTree: string, ours: string, theirs: string): Map<string, FlatEntry> | null {
  const b = flattenTree(store, baseTree);
  const o = flattenTree(store, ours);
  const t = flattenTree(store, theirs);
  const out = new Map(o);
  for (const path of new Set([...b.keys(), ...t.keys()])) {
    const bs = b.get(path)?.sha;
    const ts = t.get(path)?.sha;
    if (bs === ts) continue;
    const os = o.get(path)?.sha;
    if (os !== bs && os !== ts) return null;
    const te = t.get(path);
    if (te) out.set(path, te);
    else out.delete(path);
  }
  return out;
}
