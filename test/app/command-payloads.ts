// `issue_comment` webhook payloads for command tests: GitHub's own examples
// (@octokit/webhooks-examples) adapted to a comment on a freshpin PR or issue.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Json = Record<string, unknown>;

let examples: Json[] | undefined;

function issueCommentExamples(): Json[] {
  if (examples === undefined) {
    const file = createRequire(import.meta.url).resolve('@octokit/webhooks-examples/api.github.com/index.json');
    const defs = JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string; examples: Json[] }>;
    examples = defs.find((d) => d.name === 'issue_comment')?.examples ?? [];
  }
  return examples;
}

export interface CommentPayloadInput {
  action?: 'created' | 'edited' | 'deleted';
  owner: string;
  repo: string;
  installationId: number;
  /** The PR or issue as GitHub serialises it in `issue` (number, title, body, user, state…). */
  issue: { number: number; title?: string; body?: string | null; state?: string; authorLogin: string; authorType?: 'Bot' | 'User'; isPull: boolean; apiUrl?: string };
  comment: { id: number; body: string };
  sender: { login: string; type?: 'User' | 'Bot' };
}

/** A real `issue_comment.<action>` example with the repository, issue, comment and sender replaced. */
export function commentPayload(input: CommentPayloadInput): Json {
  const action = input.action ?? 'created';
  const example = issueCommentExamples().find((e) => e.action === action && (action !== 'created' || e.installation !== undefined)) ?? issueCommentExamples().find((e) => e.action === action);
  if (example === undefined) throw new Error(`no issue_comment.${action} example`);
  const payload = structuredClone(example);
  const full = `${input.owner}/${input.repo}`;
  const api = input.issue.apiUrl ?? 'https://api.github.com';
  const repository = payload.repository as Json;
  payload.repository = { ...repository, name: input.repo, full_name: full, owner: { ...(repository.owner as Json), login: input.owner } };
  const issue = payload.issue as Json;
  const user = (login: string, type: string) => ({ ...(issue.user as Json), login, type });
  payload.issue = {
    ...issue,
    number: input.issue.number,
    title: input.issue.title ?? 'chore(deps): bump',
    body: input.issue.body ?? null,
    state: input.issue.state ?? 'open',
    user: user(input.issue.authorLogin, input.issue.authorType ?? (input.issue.authorLogin.endsWith('[bot]') ? 'Bot' : 'User')),
    labels: [],
    milestone: null,
    assignee: null,
    assignees: [],
    ...(input.issue.isPull
      ? {
          pull_request: {
            url: `${api}/repos/${full}/pulls/${input.issue.number}`,
            html_url: `https://github.com/${full}/pull/${input.issue.number}`,
            diff_url: `https://github.com/${full}/pull/${input.issue.number}.diff`,
            patch_url: `https://github.com/${full}/pull/${input.issue.number}.patch`,
            merged_at: null,
          },
        }
      : {}),
  };
  const comment = payload.comment as Json;
  payload.comment = { ...comment, id: input.comment.id, body: input.comment.body, user: user(input.sender.login, input.sender.type ?? 'User') };
  payload.sender = { ...(payload.sender as Json), login: input.sender.login, type: input.sender.type ?? 'User' };
  payload.installation = { id: input.installationId, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return payload;
}
