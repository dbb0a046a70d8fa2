// The journeys' `test`: Playwright's, with every page watched for console errors and warnings and for
// uncaught exceptions. A journey fails on any of them, so a warning (a CSS preload never used, a React
// key) is caught where it appears. Import { test, expect } from here, not from '@playwright/test'.
import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';
import { baseURL } from '../playwright.config';

export { expect };

/**
 * What the browser reports that is not a fault of the page: an API answer of 4xx is the server's
 * designed reply (the UI shows its message); Chromium still logs the status of every failed fetch.
 */
function expected(msg: ConsoleMessage): boolean {
  const text = msg.text();
  const url = msg.location().url ?? '';
  return /^Failed to load resource: the server responded with a status of 4\d\d/.test(text) && /\/api\//.test(url);
}

/**
 * Records console errors/warnings and page errors of every Wharf page of a context (`origin`; the
 * pages a journey serves as "another site" are not Wharf's); `problems` lists them.
 */
export function watchConsole(context: BrowserContext, origin = baseURL): { problems: string[] } {
  const problems: string[] = [];
  const ours = (page: Page) => page.url().startsWith(origin);
  const watch = (page: Page) => {
    page.on('console', (msg) => {
      if ((msg.type() === 'error' || msg.type() === 'warning') && ours(page) && !expected(msg))
        problems.push(`${msg.type()} on ${page.url()}: ${msg.text()} (${msg.location().url ?? ''})`);
    });
    page.on('pageerror', (err) => {
      if (ours(page)) problems.push(`uncaught on ${page.url()}: ${err.message}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return { problems };
}

export const test = base.extend<{ consoleGuard: void }>({
  consoleGuard: [
    async ({ context }, use) => {
      const { problems } = watchConsole(context);
      await use();
      expect(problems, 'console errors or warnings in the browser').toEqual([]);
    },
    { auto: true },
  ],
});
