// Typed registry failures. Adapters sort every failure into one of these, once, where it
// happens; callers above never look at HTTP statuses or got errors.

/** Common shape: the registry (as the image names it, e.g. `docker.io`) and a one-line message without secrets. */
export abstract class RegistryError extends Error {
  readonly registry: string;

  constructor(registry: string, message: string) {
    super(oneLine(message));
    this.registry = registry;
  }
}

/** Network error, timeout, 5xx after retries, or 429 beyond the wait cap. */
export class RegistryUnavailableError extends RegistryError {
  override readonly name = 'RegistryUnavailableError';
}

/** The registry answered garbage: a body that fails its schema, or an unexpected status. */
export class RegistryResponseError extends RegistryError {
  override readonly name: string = 'RegistryResponseError';
}

/** 401/403 after authenticating (or when no usable credentials or challenge were available). */
export class RegistryAuthError extends RegistryError {
  override readonly name = 'RegistryAuthError';
}

/** True for any of the typed registry errors. */
export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}

function oneLine(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

/** A response body that decoded past its cap (tag list page, manifest, token reply, Hub page); the read was aborted. */
export class RegistryResponseTooLargeError extends RegistryResponseError {
  override readonly name = 'RegistryResponseTooLargeError';
}
