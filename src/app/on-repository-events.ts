// Installation and push events: a repository is checked right away when the app is installed
// on it, and when a push to its default branch changes a Dockerfile (by the repository's own
// `paths`), the config or a workflow.
import type { Probot } from 'probot';
import { checkRepository } from '../services/bumps/check-repository.ts';
import { pushTouchesDefaults, pushTouchesPins } from '../services/bumps/screen-push.ts';
import type { GitHubClient } from '../github/github-client.ts';
import { observeJob, recordingTagSource } from '../index/job-observations.ts';
import { recordRepository } from '../services/bumps/record-repository.ts';
import type { AppRuntime } from './app-runtime.ts';

interface RepoLike {
  name: string;
  full_name: string;
  node_id?: string;
}

export function onRepositoryEvents(app: Probot, runtime: AppRuntime): void {
  const checkAll = async (installationId: number, repos: readonly RepoLike[], octokit: GitHubClient) => {
    const identity = await runtime.identity(app);
    for (const repo of repos) {
      // During a graceful shutdown, no new repository starts.
      if (runtime.signal.aborted) break;
      const [owner = '', name = repo.name] = repo.full_name.split('/');
      const log = app.log.child({ installation: installationId, repo: repo.full_name });
      try {
        const job = runtime.job(octokit, { owner, repo: name }, identity, log);
        // The job's view becomes the repository's index entry (see run-pass.ts).
        job.tagSource = recordingTagSource(job.tagSource, observeJob(job));
        const outcome = await checkRepository(job);
        if (repo.node_id !== undefined) await recordRepository(runtime.index, job, { nodeId: repo.node_id, owner, repo: name, archived: false }, installationId);
        runtime.metrics.repositoriesChecked.inc({ outcome: outcome.kind });
        log.info({ outcome }, 'repository checked');
      } catch (error) {
        runtime.metrics.repositoriesChecked.inc({ outcome: 'error' });
        log.error({ err: error }, 'repository check failed');
      }
    }
  };

  app.on('installation.created', async (context) => {
    await checkAll(context.payload.installation.id, context.payload.repositories ?? [], context.octokit);
  });

  app.on('installation_repositories.added', async (context) => {
    await checkAll(context.payload.installation.id, context.payload.repositories_added, context.octokit);
  });

  app.on('push', async (context) => {
    const { payload } = context;
    if (payload.deleted || payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
    const changed = payload.commits.flatMap((commit) => [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]);
    if (payload.installation === undefined) return;
    if (!pushTouchesDefaults(changed)) {
      // Not a default Dockerfile name: the repository's own `paths` decide (its config is read).
      const [owner = '', name = payload.repository.name] = payload.repository.full_name.split('/');
      const log = app.log.child({ installation: payload.installation.id, repo: payload.repository.full_name });
      const screening = runtime.job(context.octokit, { owner, repo: name }, await runtime.identity(app), log);
      if (!(await pushTouchesPins(screening, changed))) return;
    }
    await checkAll(payload.installation.id, [payload.repository], context.octokit);
  });
}
