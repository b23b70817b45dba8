import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules with effects, banned from the pure core. */
const IO_MODULES = ['node:*', 'got', 'pino', 'probot', '@octokit/*'];
/** Clients that only adapters (src/github, the app's wiring) talk to. */
const CLIENT_LIBRARIES = ['probot', '@octokit/*'];
const WIRING = ['settings', 'app', 'cli'];
const SERVICE_FOLDERS = ['planning', 'bumps', 'scans', 'merging', 'commands', 'passes'];
const OUTSIDE_CORE = ['registry', 'github', 'ops', 'store', 'index', 'queue', 'services', 'settings', 'app', 'cli'];

/** A relative import that reaches into one of `folders` (a top-level folder of src/ or a capability folder of src/services/). */
function layer(message, folders) {
  return { regex: `^\\.{1,2}/(?:\\.\\./)*(?:services/)?(?:${folders.join('|')})/`, message: `Layers: ${message}.` };
}

/** A config block: files under `files` may not import the `folders` named, nor the `libraries`. */
function restrict(files, message, folders, libraries) {
  const patterns = [layer(message, folders)];
  if (libraries.length > 0) patterns.push({ group: libraries, message: `Layers: ${message}.` });
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

/** Services reach GitHub only through the adapters in src/github: no request on the client itself. */
const NO_CLIENT_CALLS = {
  files: ['src/services/**/*.ts'],
  rules: {
    'no-restricted-syntax': ['error', { selector: "CallExpression > MemberExpression.callee[property.name=/^(request|paginate|graphql)$/][object.property.name='octokit']", message: 'Layers: services call GitHub through an adapter of src/github, not the client.' }],
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', 'dist/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', Response: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The pure core takes values and returns values: no network, env, clock or logger.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'process', 'fetch', 'setTimeout', 'setInterval'],
      'no-restricted-imports': ['error', { patterns: [{ group: IO_MODULES, message: 'The core has no effects: values in, values out.' }, layer('core imports nothing of the project outside core', OUTSIDE_CORE)] }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pass `now` in; the core has no clock.' }, { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Pass `now` in; the core has no clock.' }],
    },
  },
  // Which way imports point (CONTRIBUTING.md, "Layout"): core ← adapters (registry, github, ops, queue,
  // store ← index) ← settings ← services ← app, cli.
  restrict(['src/registry/**/*.ts'], 'the registry adapter imports only core', ['github', 'ops', 'store', 'index', 'queue', 'services', 'settings', 'app', 'cli'], []),
  restrict(['src/github/**/*.ts'], 'the GitHub adapter imports only core', ['registry', 'ops', 'store', 'index', 'queue', 'services', 'settings', 'app', 'cli'], []),
  restrict(['src/ops/**/*.ts'], 'ops (metrics) imports only core', ['registry', 'github', 'store', 'index', 'queue', 'services', 'settings', 'app', 'cli'], []),
  restrict(['src/store/**/*.ts'], 'the key-value store adapter imports only core', ['registry', 'github', 'ops', 'index', 'queue', 'services', 'settings', 'app', 'cli'], []),
  // The repository index: a cache over the store; it may name the registry's TagSource interface.
  restrict(['src/index/**/*.ts'], 'the repository index imports only core, the store and the registry interface', ['github', 'ops', 'queue', 'services', 'settings', 'app', 'cli'], []),
  restrict(['src/queue/**/*.ts'], 'the work queue adapter imports only core', ['registry', 'github', 'ops', 'store', 'index', 'services', 'settings', 'app', 'cli'], CLIENT_LIBRARIES),
  restrict(['src/settings/**/*.ts'], 'settings import only core and adapters', ['services', 'app', 'cli'], []),
  // Services: core and adapters, never Octokit or Probot themselves; capability folders point one way:
  // planning ← bumps ← scans ← merging ← commands, passes.
  restrict(['src/services/*.ts'], 'the shared service vocabulary imports only core and adapters', [...WIRING, ...SERVICE_FOLDERS], CLIENT_LIBRARIES),
  restrict(['src/services/planning/**/*.ts'], 'planning imports only core and adapters', [...WIRING, 'bumps', 'scans', 'merging', 'commands', 'passes'], CLIENT_LIBRARIES),
  restrict(['src/services/bumps/**/*.ts'], 'bumps import planning, core and adapters', [...WIRING, 'scans', 'merging', 'commands', 'passes'], CLIENT_LIBRARIES),
  restrict(['src/services/scans/**/*.ts'], 'scans import bumps, planning, core and adapters', [...WIRING, 'merging', 'commands', 'passes'], CLIENT_LIBRARIES),
  restrict(['src/services/merging/**/*.ts'], 'merging imports scans, bumps, planning, core and adapters', [...WIRING, 'commands', 'passes'], CLIENT_LIBRARIES),
  restrict(['src/services/commands/**/*.ts'], 'commands import every capability but passes', [...WIRING, 'passes'], CLIENT_LIBRARIES),
  restrict(['src/services/passes/**/*.ts'], 'passes import every capability', WIRING, CLIENT_LIBRARIES),
  NO_CLIENT_CALLS,
  // The wiring: the app never imports the CLI (the CLI may start the app: `freshpin cycle`).
  restrict(['src/app/**/*.ts'], 'the app does not import the CLI', ['cli'], []),
);
