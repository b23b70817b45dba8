// Reads the `authorization` header: app JWTs (signature not verified, only
// their shape), installation tokens minted by the fake, or nothing.
import type { FakeState } from './fake-state.ts';

/** Who is calling. */
export type Caller =
  | { kind: 'none' }
  | { kind: 'jwt' }
  | { kind: 'installation'; installationId: number; repoKeys: Set<string> | null }
  | { kind: 'invalid'; message: string };

function looksLikeJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p, i) => /^[A-Za-z0-9_-]+$/.test(p) || (i === 2 && p === ''))) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    const payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof header.alg === 'string' && payload.iss !== undefined;
  } catch {
    return false;
  }
}

/** Classifies the caller from the `authorization` header. */
export function identifyCaller(state: FakeState, header: string | undefined, nowMs: number): Caller {
  if (!header) return { kind: 'none' };
  const m = /^(token|bearer)\s+(\S+)$/i.exec(header.trim());
  if (!m) return { kind: 'invalid', message: 'Bad credentials' };
  const token = m[2] ?? '';
  const info = state.tokens.get(token);
  if (info) {
    if (info.expiresAt <= nowMs) return { kind: 'invalid', message: 'Bad credentials' };
    return { kind: 'installation', installationId: info.installationId, repoKeys: info.repoKeys };
  }
  if (token.includes('.')) {
    return m[1]?.toLowerCase() === 'bearer' && looksLikeJwt(token) ? { kind: 'jwt' } : { kind: 'invalid', message: 'A JSON web token could not be decoded' };
  }
  return { kind: 'invalid', message: 'Bad credentials' };
}
