import fc from 'fast-check';
import { Problem, ProblemCode, problemBody, PROBLEMS } from './problem';
import { problemAnswerOf } from './problem.filter';

const CODES = Object.keys(PROBLEMS) as ProblemCode[];

describe('problemAnswerOf', () => {
  it('gives the bytes of JSON.stringify(problemBody(…)) and the Retry-After of the problem', () => {
    const problems = fc.record({
      code: fc.constantFrom(...CODES),
      detail: fc.string({ unit: 'binary' }),
      retryAfterS: fc.option(fc.nat(), { nil: undefined }),
      errors: fc.option(fc.array(fc.record({ field: fc.string(), message: fc.string() })), {
        nil: undefined,
      }),
    });
    const ids = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/), fc.string());
    fc.assert(
      fc.property(problems, ids, (drawn, requestId) => {
        const problem: Problem = {
          code: drawn.code,
          detail: drawn.detail,
          extra: { retryAfterS: drawn.retryAfterS, errors: drawn.errors },
        };
        // Twice: the first answer prepares, the second reuses what was prepared.
        for (const answer of [
          problemAnswerOf(problem, requestId),
          problemAnswerOf(problem, requestId),
        ]) {
          expect(answer.body).toBe(JSON.stringify(problemBody(problem, requestId)));
          expect(answer.status).toBe(PROBLEMS[drawn.code][0]);
          const retryAfter = answer.headers[answer.headers.indexOf('retry-after') + 1];
          expect(answer.headers.includes('retry-after') ? retryAfter : undefined).toBe(
            drawn.retryAfterS === undefined ? undefined : String(drawn.retryAfterS),
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps answers to different request ids and Retry-After values apart', () => {
    const problem = (retryAfterS: number): Problem => ({
      code: 'rate-limited',
      detail: 'more than 1 requests in a minute',
      extra: { retryAfterS },
    });
    const first = problemAnswerOf(problem(30), 'id-1');
    const second = problemAnswerOf(problem(29), 'id-2');
    expect(JSON.parse(first.body as string).requestId).toBe('id-1');
    expect(JSON.parse(second.body as string).requestId).toBe('id-2');
    expect(first.headers).toContain('30');
    expect(second.headers).toContain('29');
    expect(second.headers).not.toContain('30');
  });
});
