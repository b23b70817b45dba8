// Issue 11, finding 7, through the app end to end (GitHub fake, real registry wiring, a pass):
// a tenant's Dockerfile naming a registry on loopback (as an IP or as a name that resolves
// there) makes the app connect nowhere, and the dashboard says the same for a listening port
// that answers garbage as for a closed one. The operator's docker.io mirror on loopback is
// still used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBumpPulls, readDashboard, useAppHarness } from '../helpers/app-harness.ts';
import type { HostileRegistry } from '../helpers/start-hostile-registry.ts';
import { startHostileRegistry } from '../helpers/start-hostile-registry.ts';

const INSTALLATION = 71;
const OWNER = 'tenant';
const harness = useAppHarness(INSTALLATION, OWNER);

let open: HostileRegistry;
let closedHost: string;

beforeAll(async () => {
  open = await startHostileRegistry((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>internal admin</html>'));
  const closed = await startHostileRegistry((_request, response) => response.end());
  closedHost = closed.host;
  await closed.close();
});

afterAll(async () => {
  await open?.close();
});

/** The dashboard line naming `host`, with the host replaced so two lines can be compared. */
function problemLine(dashboard: string, host: string): string {
  const line = dashboard.split('\n').find((text) => text.includes(host) && /not reachable/.test(text));
  return (line ?? `(no "not reachable" line for ${host} in:\n${dashboard})`).replaceAll(host, 'HOST');
}

describe('registry hosts from tenants’ Dockerfiles (app)', () => {
  it('refuses loopback registries without connecting, with one text for open and closed ports, and still uses the operator’s mirror', async () => {
    const dockerfile = (host: string) => `FROM ${host}/acme/base:stable-20250101\nFROM debian:bullseye-20250520-slim\n`;
    harness.addRepo({ owner: OWNER, name: 'open', installationId: INSTALLATION, dockerfile: dockerfile(open.host) });
    harness.addRepo({ owner: OWNER, name: 'closed', installationId: INSTALLATION, dockerfile: dockerfile(closedHost) });
    harness.addRepo({ owner: OWNER, name: 'by-name', installationId: INSTALLATION, dockerfile: dockerfile(`localhost:${open.port}`) });
    const app = await harness.app();
    await app.pass();

    expect(open.connections()).toBe(0);
    const openLine = problemLine(readDashboard(harness.fake, { owner: OWNER, repo: 'open' }), open.host);
    const closedLine = problemLine(readDashboard(harness.fake, { owner: OWNER, repo: 'closed' }), closedHost);
    const nameLine = problemLine(readDashboard(harness.fake, { owner: OWNER, repo: 'by-name' }), `localhost:${open.port}`);
    expect(openLine).toMatch(/not reachable \\?\(network error, or an address freshpin does not connect to\\?\)/);
    expect(closedLine).toBe(openLine);
    expect(nameLine).toBe(openLine);
    // The docker.io pin in the same file goes through the operator's loopback mirror as before.
    expect(readBumpPulls(harness.fake, { owner: OWNER, repo: 'open' }).map((pull) => pull.branch)).toEqual(['freshpin/dockerfile/debian']);
  });
});
