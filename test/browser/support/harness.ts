import { Page } from 'playwright-core';
import { Browser, launchChromium, openPage } from './chromium';
import { Dashboard } from './dashboard';
import {
  API_KEY,
  RunningProcess,
  Sandbox,
  Service,
  startSandboxProcess,
  startService,
  stopProcess,
} from './services';
import { DashboardServer, startDashboardServer } from './static-server';

/** How long the sandbox keeps a created report IN_PROGRESS. */
export const COMPLETE_AFTER_MS = 1500;

type Parts = {
  server?: DashboardServer;
  processes: RunningProcess[];
  services: Record<string, Service>;
  browser?: Browser;
};

async function stopAll(parts: Parts): Promise<void> {
  const results = await Promise.allSettled([
    parts.browser?.close(),
    ...parts.processes.map((running) => stopProcess(running)),
    parts.server?.close(),
  ]);
  const failed = results.filter((result) => result.status === 'rejected');
  if (failed.length > 0) throw new AggregateError(failed.map((result) => result.reason));
}

/** What the processes printed since `from` (their output lengths then), one section each. */
function outputSince(processes: RunningProcess[], from: number[]): string[] {
  return processes
    .map((running, i) => [running.name, running.started.output().slice(from[i]).trim()])
    .filter(([, text]) => text !== '')
    .map(([name, text]) => `--- ${name} output ---\n${text}`);
}

/** Runs a test body; a failure's message gains what the browser and the processes said meanwhile. */
async function withDiagnostics(
  parts: Parts & { browser: Browser },
  body: () => Promise<void>,
): Promise<void> {
  const { browser, processes } = parts;
  browser.log.clear();
  const from = processes.map((running) => running.started.output().length);
  try {
    await body();
  } catch (error) {
    const seen = browser.log.all();
    const report = [
      `--- browser console and failed requests (${seen.length}) ---`,
      ...seen,
      ...outputSince(processes, from),
    ].join('\n');
    if (error instanceof Error) error.message += `\n\n${report}`;
    throw error;
  }
}

/**
 * Starts, in order: the dashboard's static server (its origin goes into CORS_ORIGINS), the sandbox,
 * one `node dist/main.js` per entry of `services` (each with its extra environment), and Chromium.
 * Whatever started is stopped again when a later step fails.
 */
async function startParts(services: Record<string, Record<string, string>>): Promise<Parts> {
  const parts: Parts = { processes: [], services: {} };
  try {
    parts.server = await startDashboardServer();
    const sandbox: Sandbox = await startSandboxProcess(COMPLETE_AFTER_MS);
    parts.processes.push(sandbox);
    const origin = parts.server.origin;
    // allSettled: every service that did start is tracked (and stopped) before a failure is thrown.
    const settled = await Promise.allSettled(
      Object.entries(services).map(([name, env]) => startService(name, sandbox, origin, env)),
    );
    for (const result of settled)
      if (result.status === 'fulfilled') {
        parts.processes.push(result.value);
        parts.services[result.value.name] = result.value;
      }
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    parts.browser = await launchChromium();
    return parts;
  } catch (error) {
    await stopAll(parts).catch(() => undefined);
    throw error;
  }
}

export type BrowserSuite<Name extends string> = {
  dashboardOrigin(): string;
  service(name: Name): Service;
  browser(): Browser;
  /** A new tab on the dashboard page, talking to service `name`. */
  dashboard(name: Name): Promise<Dashboard>;
  /** A new tab on the service's own origin (same-origin calls, /docs). */
  serviceTab(name: Name, path: string): Promise<Page>;
  /** `it`, adding to a failure what the browser and the processes said while it ran. */
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void;
};

/**
 * Registers the suite's beforeAll (start everything) and afterAll (stop everything, even after a
 * failure) in the calling `describe`, and returns its handles.
 */
export function browserSuite<Name extends string>(
  services: Record<Name, Record<string, string>>,
): BrowserSuite<Name> {
  let parts: Parts | undefined;
  beforeAll(async () => {
    parts = await startParts(services);
  }, 60_000);
  afterAll(() => (parts ? stopAll(parts) : undefined));
  const ready = (): Parts & { server: DashboardServer; browser: Browser } => {
    if (!parts?.server || !parts.browser) throw new Error('the browser suite did not start');
    return parts as Parts & { server: DashboardServer; browser: Browser };
  };
  const service = (name: Name): Service => ready().services[name];
  return {
    dashboardOrigin: () => ready().server.origin,
    service,
    browser: () => ready().browser,
    async dashboard(name) {
      const { server, browser } = ready();
      const query = new URLSearchParams({ api: service(name).origin, key: API_KEY });
      const page = await openPage(
        browser.context,
        `${server.origin}/dashboard.html?${query.toString()}`,
      );
      return new Dashboard(page);
    },
    serviceTab: (name, path) => openPage(ready().browser.context, `${service(name).origin}${path}`),
    it: (name, body, timeoutMs) => it(name, () => withDiagnostics(ready(), body), timeoutMs),
  };
}
