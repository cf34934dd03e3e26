import { Page } from 'playwright-core';

/** What the page could read of an answer, or the error fetch threw (a CORS refusal, say). */
export type Seen =
  | {
      ok: true;
      status: number;
      url: string;
      type: string;
      headers: Record<string, string>;
      // The answer's JSON, read by the assertions as supertest's `body` is.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      body: any;
    }
  | { ok: false; error: string };

/** fetch's init as the page takes it: `json` becomes the body with its content type. */
export type CallInit = {
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
  credentials?: 'omit' | 'same-origin' | 'include';
  cache?: 'default' | 'no-store' | 'reload' | 'no-cache';
};

type DashboardWindow = {
  dashboard: {
    call(target: string, init?: CallInit): Promise<Seen>;
    request(path: string, init?: CallInit): Promise<Seen>;
  };
};

/** The dashboard page's calls, run inside the page (its origin, its fetch, its CORS rules). */
export class Dashboard {
  constructor(readonly page: Page) {}

  /** A call to the BFF, `path` relative to its origin. */
  request(path: string, init: CallInit = {}): Promise<Seen> {
    return this.page.evaluate(
      ([p, i]) => (globalThis as unknown as DashboardWindow).dashboard.request(p, i),
      [path, init] as const,
    );
  }

  /** `fetch(target)` exactly as the page would write it (a relative target is the page's own origin). */
  call(target: string, init: CallInit = {}): Promise<Seen> {
    return this.page.evaluate(
      ([t, i]) => (globalThis as unknown as DashboardWindow).dashboard.call(t, i),
      [target, init] as const,
    );
  }
}

/** The answer, or a failure naming what the page saw instead. */
export function answered(seen: Seen): Extract<Seen, { ok: true }> {
  if (!seen.ok) throw new Error(`the page's fetch failed: ${seen.error}`);
  return seen;
}
