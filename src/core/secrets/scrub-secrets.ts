// The one secret scrubber: every log line (src/app/create-logger.ts) and every GitHub error
// message shown to a tenant (src/github/github-errors.ts) goes through it. Pure: a string in,
// the same string with credentials replaced out.

const CENSOR = '[redacted]';

/**
 * Query parameters that make a URL a bearer credential: Azure SAS (`sig`, `se`), S3/GCS
 * presigned, GitHub's own (`token`, `jwt`), and the legacy Actions artifact URLs (`urlSignature`).
 */
const SIGNED_PARAMS = 'sig|signature|urlsignature|se|token|jwt|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential';

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, '[private key redacted]'],
  [/LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g, '[private key redacted]'],
  // GitHub installation/user/OAuth/refresh/server tokens and fine-grained PATs; GHES v1 tokens.
  [/\b(gh[pousr]_[A-Za-z0-9_-]{8,}|github_pat_[A-Za-z0-9_]{8,})/g, '[token redacted]'],
  [/\bv1\.[0-9a-f]{40}\b/g, '[token redacted]'],
  // Docker Hub personal and organisation access tokens.
  [/\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{8,}/g, '[token redacted]'],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[jwt redacted]'],
  [/\b((?:token|bearer|basic)\s+)[A-Za-z0-9._~+/=-]{12,}/gi, `$1${CENSOR}`],
  // Credentials in a URL's user-info: https://user:password@host/…
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s"'/?#@]+@/gi, `$1${CENSOR}@`],
  [new RegExp(`(https?://[^\\s"'?#]+)\\?(?:[^\\s"'#]*&)?(?:${SIGNED_PARAMS})=[^\\s"']*`, 'gi'), '$1?[signed query redacted]'],
];

/** Removes secrets from a string: private keys, tokens, JWTs, `Bearer x`, URL credentials and signed URL queries. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
