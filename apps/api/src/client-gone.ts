import type { ServerResponse } from 'http';

/**
 * A signal aborted when the client of `response` goes before the answer is sent (its connection
 * closed): long work for it can stop. A response closed after its answer is not a client gone.
 */
export function clientGone(response: ServerResponse): AbortSignal {
  const gone = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) gone.abort(new Error('the client has gone'));
  });
  return gone.signal;
}
