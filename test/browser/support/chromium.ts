import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's chromium: playwright-core never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';

/** The only switches the browser gets, besides the profile and Playwright's pipe. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What the browser said while one test ran: console lines, page errors, failed and refused requests. */
export class BrowserLog {
  private lines: string[] = [];

  constructor(context: BrowserContext) {
    context.on('console', (message) =>
      this.lines.push(
        `console.${message.type()}: ${message.text()} (on ${message.location().url || message.page()?.url()})`,
      ),
    );
    context.on('weberror', (error) => this.lines.push(`page error: ${error.error().message}`));
    context.on('requestfailed', (request) =>
      this.lines.push(
        `request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText}`,
      ),
    );
    context.on('response', (response) => {
      if (response.status() >= 400)
        this.lines.push(
          `answer ${response.status()}: ${response.request().method()} ${response.url()}`,
        );
    });
  }

  clear(): void {
    this.lines = [];
  }

  all(): string[] {
    return [...this.lines];
  }
}

export type Browser = { context: BrowserContext; log: BrowserLog; close: () => Promise<void> };

/**
 * Chromium with a fresh, empty profile on disk, so its HTTP cache is the real one a user has (a
 * persistent context; Playwright's own default switches are left out).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  const profile = mkdtempSync(join(tmpdir(), 'bff-browser-profile-'));
  const context = await chromium
    .launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      ignoreDefaultArgs: true,
      args: [...FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'],
    })
    .catch((error: unknown) => {
      rmSync(profile, { recursive: true, force: true });
      throw error;
    });
  return {
    context,
    log: new BrowserLog(context),
    close: async () => {
      await context.close().finally(() => rmSync(profile, { recursive: true, force: true }));
    },
  };
}

/** A page the test drives: a new tab at `url`, loaded. */
export async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  return page;
}
