// The GitHub fake as a process, for scripts (npm run test:image): serves on a free loopback
// port with one installation, prints its URL on stdout (the API base is URL/api/v3, which
// GHE_HOST=127.0.0.1:PORT and GHE_PROTOCOL=http give the app), and stops on SIGTERM.
//
//   npx node test/helpers/serve-github-fake.ts
import { startGitHubFake } from '../fakes/github/index.ts';

const fake = await startGitHubFake();
fake.addInstallation({ id: 1, account: 'acme' });
process.stdout.write(`${fake.url}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void fake.stop().then(() => process.exit(0));
  });
}
