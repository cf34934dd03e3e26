import { Page } from 'playwright-core';

/** The operations Swagger UI shows, as `METHOD path`. */
export function listedOperations(docs: Page): Promise<string[]> {
  return docs
    .locator('.opblock-summary')
    .evaluateAll((summaries) =>
      summaries.map(
        (summary) =>
          `${summary.querySelector('.opblock-summary-method')?.textContent ?? '?'} ${summary.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '?'}`,
      ),
    );
}

/** Authorize → the X-API-Key scheme → the key, as an operator does before "Try it out". */
export async function authorizeApiKey(docs: Page, key: string): Promise<void> {
  await docs.locator('.auth-wrapper .authorize').click();
  const scheme = docs.locator('.modal-ux .auth-container').filter({ hasText: 'X-API-Key' });
  await scheme.locator('input').fill(key);
  await scheme.locator('button.authorize').click();
  await docs.locator('.modal-ux .close-modal').click();
}

export type TriedOut = { status: string; body: string };

/** Expands one operation, "Try it out", fills `params` by name, "Execute": what the UI then shows. */
export async function tryItOut(
  docs: Page,
  method: string,
  path: string,
  params: Record<string, string> = {},
): Promise<TriedOut> {
  const operation = docs
    .locator(`.opblock.opblock-${method.toLowerCase()}`)
    .filter({ has: docs.locator(`.opblock-summary-path[data-path="${path}"]`) });
  await operation.locator('.opblock-summary').click();
  await operation.locator('.try-out__btn').click();
  for (const [name, value] of Object.entries(params))
    await operation.locator(`tr[data-param-name="${name}"] input`).fill(value);
  await operation.locator('.execute').click();
  const live = operation.locator('.live-responses-table');
  await live.locator('.response-col_status').first().waitFor();
  const status = await live.locator('tbody .response-col_status').first().textContent();
  const body = await live.locator('tbody .response-col_description').first().textContent();
  return { status: (status ?? '').trim(), body: (body ?? '').trim() };
}
