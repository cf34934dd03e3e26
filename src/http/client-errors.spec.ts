import { clientErrorAnswer } from './client-errors';

/** The answer's status line, media type and problem body, as a client would read them. */
function read(raw: string) {
  const [head, body] = raw.split('\r\n\r\n');
  return { head, body: JSON.parse(body) as Record<string, unknown> };
}

describe('clientErrorAnswer', () => {
  it.each([
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'body-timeout'],
    ['HPE_HEADER_OVERFLOW', 431, 'headers-too-large'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, 'payload-too-large'],
    ['HPE_INVALID_METHOD', 400, 'bad-request'],
    [undefined, 400, 'bad-request'],
  ])('answers Node error %s with a %i problem', (code, status, type) => {
    const { head, body } = read(clientErrorAnswer({ code }));
    expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head).toContain('content-type: application/problem+json');
    expect(head).toContain('connection: close');
    expect(body).toEqual({
      type,
      title: expect.any(String),
      status,
      detail: expect.any(String),
      requestId: expect.any(String),
    });
  });

  it('states the byte length of the body', () => {
    const raw = clientErrorAnswer({ code: 'HPE_HEADER_OVERFLOW' });
    const length = Number(/content-length: (\d+)/.exec(raw)?.[1]);
    expect(length).toBe(Buffer.byteLength(raw.split('\r\n\r\n')[1]));
  });
});
