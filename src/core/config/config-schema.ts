// The schema of `.github/freshpin.yml`: every key, its default and its meaning.
// The README's configuration table and schema/freshpin.schema.json are generated from the same source.
import { z } from 'zod';
import { globProblem } from './match-glob.ts';

/** Where a repository's (and `freshpin check`'s default) config lives, relative to its root. */
export const DEFAULT_CONFIG_PATH = '.github/freshpin.yml';

export const DEFAULT_DOCKERFILE_GLOBS = ['**/Dockerfile', '**/*.Dockerfile', '**/Dockerfile.*', '**/Containerfile'];

const SEVERITY_GATE = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'none'] as const;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]+)?$/;

const stringList = z.array(z.string().min(1));

/** Most `paths` globs a config may list. */
export const MAX_PATH_GLOBS = 64;

const globList = z
  .array(
    z
      .string()
      .min(1)
      .superRefine((glob, context) => {
        const problem = globProblem(glob);
        if (problem !== undefined) context.addIssue({ code: 'custom', message: `the glob ${JSON.stringify(glob.slice(0, 60))} ${problem}` });
      }),
  )
  .max(MAX_PATH_GLOBS);

export const scanConfigSchema = z
  .object({
    workflow: z
      .string()
      .regex(/^[\w.-]+\.ya?ml$/, 'must be a workflow file name in .github/workflows, e.g. freshpin-scan.yml')
      .default('freshpin-scan.yml')
      .describe('File name of the rebuild-and-scan workflow in .github/workflows that freshpin dispatches on each bump branch.'),
    failOn: z
      .enum(SEVERITY_GATE)
      .default('CRITICAL')
      .describe('The freshpin/scan check fails when the bump introduces a finding of this severity or higher; `none` never fails.'),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional().describe('Editor hint; ignored.'),
    paths: globList
      .default(DEFAULT_DOCKERFILE_GLOBS)
      .describe('Globs of the Dockerfiles to manage, relative to the repository root. node_modules and .git are always skipped.'),
    minimumAge: z
      .number()
      .int('must be a whole number of days')
      .min(0)
      .default(0)
      .describe('Propose only values whose date is at least this many whole days before now.'),
    ignore: stringList.default([]).describe('Exact values never to propose, e.g. `bullseye-20250610-slim`.'),
    platforms: z
      .array(z.string().regex(PLATFORM, 'must look like os/arch or os/arch/variant, e.g. linux/arm64'))
      .min(1)
      .optional()
      .describe('Platforms every proposed image must cover. Default: those of the current reference.'),
    migrate: z
      .boolean()
      .default(false)
      .describe('Propose the end-of-life migration (e.g. bullseye → trixie) instead of reporting it only.'),
    labels: stringList.default(['dependencies', 'freshpin']).describe('Labels put on bump PRs.'),
    reviewers: z
      .array(z.string().regex(GITHUB_LOGIN, 'must be a login or org/team'))
      .default([])
      .describe('Reviewers requested on bump PRs: logins, or `org/team` for teams.'),
    assignees: z.array(z.string().regex(GITHUB_LOGIN, 'must be a login')).default([]).describe('Assignees of bump PRs.'),
    prConcurrentLimit: z
      .number()
      .int()
      .min(0)
      .default(10)
      .describe('How many freshpin bump PRs may be open at once; 0 means no limit.'),
    branchPrefix: z
      .string()
      .regex(/^[\w.-]+(?:\/[\w.-]+)*\/$/, 'must be a branch path ending in /, e.g. freshpin/')
      .default('freshpin/')
      .describe('Prefix of bump branch names: `<prefix><file-slug>/<pin-name>`.'),
    mergeMethod: z.enum(['squash', 'merge', 'rebase']).default('squash').describe('Merge method of the `merge` command when none is given.'),
    automerge: z
      .boolean()
      .default(false)
      .describe('Merge a bump PR by itself once its scan passes, under the same rules as the `merge` command.'),
    scan: scanConfigSchema.default({ workflow: 'freshpin-scan.yml', failOn: 'CRITICAL' }),
  })
  .strict();

export type FreshpinConfig = z.infer<typeof configSchema>;
export type ScanGate = (typeof SEVERITY_GATE)[number];
