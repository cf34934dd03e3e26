import { AxiosError, AxiosResponse } from 'axios';
import { WebexApiError } from './webex-api.error';

/** One Webex answer as the client sees it: status, headers, and the body parsed when it is JSON. */
export type WebexAnswer = {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
};

// Failures where no byte can have reached Webex, so even a write may be sent again.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export function answerOf(response: AxiosResponse<string>): WebexAnswer {
  const headers = Object.fromEntries(
    Object.entries(response.headers).map(([key, value]) => [
      key.toLowerCase(),
      value == null ? undefined : String(value),
    ]),
  );
  const text = typeof response.data === 'string' ? response.data : '';
  if (text.trim() === '') return { status: response.status, headers, body: null };
  try {
    return { status: response.status, headers, body: JSON.parse(text) as unknown };
  } catch {
    if (response.status < 300)
      throw new WebexApiError(
        'invalid-response',
        response.status,
        'Webex sent a body that is not JSON',
      );
    return { status: response.status, headers, body: null };
  }
}

export function transportError(error: unknown): WebexApiError {
  const axiosError = error as AxiosError;
  const code = axiosError.code ?? '';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED')
    return new WebexApiError('timeout', 0, 'no answer within the attempt timeout', {
      mayHaveReached: true,
    });
  if (code === 'ERR_BAD_RESPONSE' || /maxContentLength/.test(axiosError.message ?? ''))
    return new WebexApiError('invalid-response', 0, 'Webex answer exceeded the size cap', {
      mayHaveReached: true,
    });
  return new WebexApiError('network', 0, `connection failed (${code || 'unknown'})`, {
    mayHaveReached: !NOT_SENT.has(code),
  });
}

type WebexErrorBody = {
  message?: unknown;
  errors?: { description?: unknown }[];
  trackingId?: unknown;
};

/** Webex's own message (`message`, else the first `errors[].description`) for the caller's detail. */
export function errorFromAnswer(answer: WebexAnswer): WebexApiError {
  const body = (answer.body ?? {}) as WebexErrorBody;
  const message =
    (typeof body.message === 'string' && body.message) ||
    (typeof body.errors?.[0]?.description === 'string' && body.errors[0].description) ||
    `Webex answered ${answer.status}`;
  return new WebexApiError('http', answer.status, message, {
    mayHaveReached: true,
    trackingId: typeof body.trackingId === 'string' ? body.trackingId : undefined,
    retryAfterHeader: answer.headers['retry-after'],
  });
}
