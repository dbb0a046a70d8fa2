import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium';

const port = Number(process.env.WHARF_E2E_PORT ?? 3123);
export const baseURL = `http://localhost:${port}`;
export const adminState = path.join(import.meta.dirname, '.auth', 'admin.json');

export default defineConfig({
  testDir: '.',
  // One engine set, one Wharf: journeys run one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: path.join(import.meta.dirname, '..', 'test-results'),
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1400, height: 900 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [
    { name: 'setup', testMatch: /first-run\.setup\.ts/ },
    { name: 'api', testMatch: /api\.spec\.ts/, dependencies: ['setup'] },
    {
      name: 'console',
      testMatch: /.*\.spec\.ts/,
      testIgnore: /api\.spec\.ts/,
      dependencies: ['setup'],
      use: { storageState: adminState },
    },
  ],
  webServer: {
    command: 'bash scripts/e2e-server.sh',
    cwd: path.join(import.meta.dirname, '..'),
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    // scripts/e2e-server.sh builds first when the build is stale: minutes on a loaded 2-core machine.
    timeout: 600_000,
    // Volume-browse helpers the journeys cause carry the e2e label too.
    // No update schedule: a tick between a journey's `docker run` and its next push would answer
    // "up to date" for the interval, and its "Check for updates" would then (rightly) not ask again.
    env: { PORT: String(port), WHARF_HELPER_LABELS: 'wharf.test=e2e', WHARF_NO_UPDATE_SCHEDULE: '1' },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
