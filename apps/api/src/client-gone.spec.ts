import { createServer, request, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { clientGone } from './client-gone';

describe('clientGone', () => {
  let server: Server;
  let signals: AbortSignal[];
  let responses: ServerResponse[];
  beforeEach(async () => {
    signals = [];
    responses = [];
    server = createServer((_request, response) => {
      signals.push(clientGone(response));
      responses.push(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  const send = () => {
    const { port } = server.address() as AddressInfo;
    const sent = request({ port, host: '127.0.0.1', path: '/' });
    sent.on('error', () => undefined);
    sent.end();
    return sent;
  };
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('is aborted when the client goes before its answer', async () => {
    const sent = send();
    await until(() => signals.length === 1);
    expect(signals[0].aborted).toBe(false);
    sent.destroy();
    await until(() => signals[0].aborted);
    expect(signals[0].reason).toEqual(new Error('the client has gone'));
  });

  it('is not aborted once the answer is sent', async () => {
    const sent = send();
    const answered = new Promise((resolve) => sent.on('response', resolve));
    await until(() => responses.length === 1);
    responses[0].end('done');
    await answered;
    sent.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(signals[0].aborted).toBe(false);
  });
});
