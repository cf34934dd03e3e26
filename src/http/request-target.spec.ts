import fc from 'fast-check';
import { targetProblem } from './request-target';

describe('targetProblem', () => {
  it.each([
    '/',
    '/v1/reports/wholesale',
    '/v1/reports/wholesale?type=partner&x=%2F',
    '/v1/reports/wholesale/Y2lz_Y29-zc=',
    '/v1/reports/a%2Fb',
    '/docs/swagger-ui.css',
    '/health/ready?',
  ])('serves %p', (target) => expect(targetProblem(target)).toBeNull());

  it.each([
    ['', /origin-form/],
    ['*', /origin-form/],
    ['http://x/v1/reports/broadworks', /origin-form/],
    ['//v1/reports', /empty segment/],
    ['/v1//reports', /empty segment/],
    ['/v1/reports/', /empty segment/],
    ['/v1/./reports', /dot segment/],
    ['/v1/reports/../reports', /dot segment/],
    ['/%761/reports/broadworks', /needs no encoding/],
    ['/v1/reports/%77holesale', /needs no encoding/],
    ['/v1/%2e%2e/x', /needs no encoding/],
    ['/v1/reports/%zz', /invalid percent/],
    ['/v1/reports/%4', /invalid percent/],
    ['/v1/reports\\x', /must be encoded/],
    ['/v1/répports', /must be encoded/],
    ['/v1/reports#top', /fragment/],
  ])('refuses %p', (target, reason) => expect(targetProblem(target)).toMatch(reason));

  it('refuses every target whose path the router would decode into another one', () => {
    const unreserved = fc.constantFrom(...'AZaz09-._~'.split(''));
    fc.assert(
      fc.property(fc.webPath(), unreserved, (path, char) => {
        const encoded = `%${char.charCodeAt(0).toString(16)}`;
        expect(targetProblem(`/v1${encoded}${path}`)).not.toBeNull();
      }),
    );
  });
});
