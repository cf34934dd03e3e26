import { helmetHeaders } from './security-headers';

describe('helmetHeaders', () => {
  it("computes helmet's headers once, CSP included", () => {
    const headers = helmetHeaders();
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=/);
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['x-powered-by']).toBeUndefined();
  });
});
