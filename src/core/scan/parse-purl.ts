// Package URLs (purl) as scanners write them: `pkg:deb/debian/openssl@1.1.1w-0%2Bdeb11u1?os_distro=bullseye`.

export interface PurlParts {
  type: string;
  /** Decoded namespace, e.g. `debian`, `@types`, `golang.org/x`. */
  namespace?: string;
  /** Decoded name, e.g. `openssl`. */
  name: string;
  /** Decoded version, e.g. `1.1.1w-0+deb11u1`. */
  version?: string;
}

/** OS package types whose namespace is the distribution, not part of the package's name. */
const DISTRO_TYPES = new Set(['deb', 'apk', 'rpm', 'alpm', 'generic']);

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Splits a purl into decoded parts; undefined when the text is not a purl. Never throws. */
export function parsePurl(purl: string): PurlParts | undefined {
  if (!purl.startsWith('pkg:')) return undefined;
  let rest = purl.slice(4);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const query = rest.indexOf('?');
  if (query >= 0) rest = rest.slice(0, query);
  rest = rest.replace(/^\/+/, '');
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const type = rest.slice(0, slash).toLowerCase();
  let path = rest.slice(slash + 1);
  let version: string | undefined;
  const at = path.lastIndexOf('@');
  if (at > 0) {
    version = decode(path.slice(at + 1));
    path = path.slice(0, at);
  }
  const segments = path.split('/');
  const name = decode(segments.pop() ?? '');
  if (name.length === 0) return undefined;
  const namespace = segments.filter((s) => s.length > 0).map(decode);
  const parts: PurlParts = { type, name };
  if (namespace.length > 0) parts.namespace = namespace.join('/');
  if (version !== undefined && version.length > 0) parts.version = version;
  return parts;
}

/**
 * The package name a human would use: `openssl` for OS packages, `@scope/name` for npm,
 * `group:artifact` for Maven, the module path for Go.
 */
export function purlPackageName(parts: PurlParts): string {
  if (parts.namespace === undefined || DISTRO_TYPES.has(parts.type)) return parts.name;
  if (parts.type === 'maven') return `${parts.namespace}:${parts.name}`;
  return `${parts.namespace}/${parts.name}`;
}
