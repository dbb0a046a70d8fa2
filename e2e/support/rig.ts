// The rig is read by test/support/rig.ts (one loader for tests, journeys and benches); this file adds what only journeys use.
import type { Page } from '@playwright/test';
import { docker, loadRig } from '../../test/support/rig';

export { docker, forgetRigRepositories, loadRig, script } from '../../test/support/rig';

export const ADMIN = { username: 'admin', password: 'e2e-admin-password' };
export const E2E_LABEL = 'wharf.test=e2e';

/** A labelled busybox that sleeps on the main engine (`docker run -d --init`), named if asked; its id. */
export function runSleeper(name?: string): Promise<string> {
  const r = loadRig();
  return docker(
    r.MAIN_SOCKET,
    'run',
    '-d',
    '--init',
    '--label',
    E2E_LABEL,
    ...(name ? ['--name', name] : []),
    r.SEED_BUSYBOX,
    'sleep',
    '600',
  );
}

/** The id Wharf gave the local engine (the one the e2e server adds by default). */
export async function localHostId(page: Page): Promise<string> {
  const engines = (await (await page.request.get('/api/engines')).json()) as Array<{ id: string; name: string }>;
  return engines.find((e) => e.name === 'local')!.id;
}
