// A segment trie over the description's templated paths. Literal segments win
// over parameters; parameters marked `x-multi-segment` may span several
// segments (e.g. `git/ref/heads/feature/x`, `contents/a/b/Dockerfile`).
// Parameters at the same position share one edge whatever their names, so a
// lookup is a short depth-first walk that stops at the first acceptable match.

/** Minimal operation info the trie needs. */
export interface RouteInput {
  template: string;
  parameters: Array<{ name: string; in: string; 'x-multi-segment'?: boolean }>;
}

interface Terminal {
  template: string;
  names: string[];
  multi: boolean[];
}

interface TrieNode {
  literals: Map<string, TrieNode>;
  param?: { node: TrieNode; multi: boolean };
  terminals: Terminal[];
}

/** The root of the trie. */
export type RouteTrie = TrieNode;

/** A template matching a path, with decoded parameter values. */
export interface RouteMatch {
  template: string;
  params: Record<string, string>;
}

function newNode(): TrieNode {
  return { literals: new Map(), terminals: [] };
}

/** Builds the trie from operations (several methods may share a template). */
export function buildRouteTrie(ops: Iterable<RouteInput>): RouteTrie {
  const root = newNode();
  for (const op of ops) {
    const multiNames = new Set(op.parameters.filter((p) => p.in === 'path' && p['x-multi-segment']).map((p) => p.name));
    const names: string[] = [];
    let node = root;
    for (const seg of op.template.split('/').slice(1)) {
      const param = /^\{(.+)\}$/.exec(seg)?.[1];
      if (param === undefined) {
        let next = node.literals.get(seg);
        if (!next) node.literals.set(seg, (next = newNode()));
        node = next;
      } else {
        names.push(param);
        node.param ??= { node: newNode(), multi: false };
        node.param.multi ||= multiNames.has(param);
        node = node.param.node;
      }
    }
    if (!node.terminals.some((t) => t.template === op.template)) node.terminals.push({ template: op.template, names, multi: names.map((n) => multiNames.has(n)) });
  }
  return root;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The first template (literal segments preferred, then the fewest segments per
 * parameter) matching a raw path (percent-encoded, no query) that `accept`s it.
 */
export function matchRoute(trie: RouteTrie, rawPath: string, accept: (template: string) => boolean): RouteMatch | undefined {
  const segs = rawPath.split('/').slice(1);
  const spans: Array<[number, number]> = [];
  const walk = (node: TrieNode, i: number): RouteMatch | undefined => {
    if (i === segs.length) {
      for (const t of node.terminals) {
        if (!spans.every(([a, b], j) => b - a === 1 || t.multi[j]) || !accept(t.template)) continue;
        const params: Record<string, string> = {};
        spans.forEach(([a, b], j) => (params[t.names[j] ?? `p${j}`] = segs.slice(a, b).map(safeDecode).join('/')));
        return { template: t.template, params };
      }
      return undefined;
    }
    const seg = segs[i] ?? '';
    const lit = node.literals.get(seg);
    const viaLiteral = lit ? walk(lit, i + 1) : undefined;
    if (viaLiteral || !node.param || seg === '') return viaLiteral;
    const max = node.param.multi ? segs.length - i : 1;
    for (let k = 1; k <= max; k++) {
      if (segs[i + k - 1] === '') break;
      spans.push([i, i + k]);
      const found = walk(node.param.node, i + k);
      spans.pop();
      if (found) return found;
    }
    return undefined;
  };
  return walk(trie, 0);
}
