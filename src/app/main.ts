// `npm start`: the freshpin server. A bad setting is one clear line and exit code 1.
import { StartupError } from './read-app-settings.ts';
import { startServer } from './start-server.ts';

try {
  await startServer(process.env);
} catch (error) {
  if (!(error instanceof StartupError)) throw error;
  process.stderr.write(`freshpin: cannot start: ${error.message}\n`);
  process.exit(1);
}
