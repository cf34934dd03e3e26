import type { Server } from 'node:http';
import request from 'supertest';
import { AnswerChecker, OpenApiDocument } from './openapi-answers';

/** One compiled checker per distinct document (every test app publishes the same one). */
const checkers = new Map<string, AnswerChecker>();

/** The checker for the document `server` publishes at /docs-json, fetched once per app. */
export async function answerCheckerOf(server: Server): Promise<AnswerChecker> {
  const published = await request(server).get('/docs-json');
  if (published.status !== 200) throw new Error(`/docs-json answered ${published.status}`);
  let checker = checkers.get(published.text);
  if (!checker) {
    checker = new AnswerChecker(JSON.parse(published.text) as OpenApiDocument);
    checkers.set(published.text, checker);
  }
  return checker;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options'] as const;

/** The request the answer is to (after any redirect supertest followed). */
type Sent = { method: string; path: string };

/**
 * `agent` whose every answer is checked against the document: an answer it does not describe fails
 * the request (and so the spec that sent it) with what is wrong, whatever the spec itself expects.
 * Requests that get no answer (aborted, timed out, refused) are left to the spec.
 */
export function checkedAgent(agent: request.Agent, checker: AnswerChecker): request.Agent {
  for (const method of METHODS) {
    const send: (url: string) => request.Test = agent[method].bind(agent);
    (agent as unknown as Record<string, unknown>)[method] = (url: string) =>
      watch(send(url), checker);
  }
  return agent;
}

function watch(test: request.Test, checker: AnswerChecker): request.Test {
  const end = test.end.bind(test);
  test.end = (callback) =>
    end((error: unknown, res: request.Response) => {
      const sent = (res as unknown as { req?: Sent } | undefined)?.req;
      const problems = !res
        ? []
        : !sent
          ? ['the answer names no request to check it against']
          : checker.problemsOf({
              method: sent.method,
              path: sent.path.split('?')[0],
              status: res.status,
              headers: res.headers,
              text: res.text,
            });
      const failure =
        problems.length === 0
          ? error
          : new Error(
              `the answer contradicts /docs-json:\n  ${problems.join('\n  ')}${error instanceof Error ? `\n(and: ${error.message})` : ''}`,
            );
      callback?.(failure, res);
    });
  return test;
}

/** `fetch` whose every answer is checked like the agent's (for clients that bring their own). */
export function checkedFetch(checker: AnswerChecker): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const problems = checker.problemsOf({
      method: request.method,
      path: new URL(response.url || request.url).pathname,
      status: response.status,
      headers: Object.fromEntries(response.headers),
      text: await response.clone().text(),
    });
    if (problems.length > 0)
      throw new Error(`the answer contradicts /docs-json:\n  ${problems.join('\n  ')}`);
    return response;
  };
}
