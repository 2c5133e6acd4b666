import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import {
  addressesOfHost,
  postDelivery,
  RefusedAddressError,
  type Resolve,
} from './outbound-request';

/** A resolver that answers this address for every name, as a rebinding name does at will. */
const resolvingTo =
  (address: string, family = 4): Resolve =>
  (_host, _options, callback) =>
    callback(null, [{ address, family }]);

describe('a delivery connects only where webhooks may be sent', () => {
  let server: Server;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      received += 1;
      request.resume();
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (received = 0));

  const post = (url: string, loopbackAllowed: boolean, resolve?: Resolve) =>
    postDelivery(url, { 'content-type': 'application/json' }, '{}', {
      signal: AbortSignal.timeout(5000),
      loopbackAllowed,
      resolve,
    });

  it('refuses, before connecting, a name that resolves to an internal address at delivery time', async () => {
    const refused = post(`http://rebound.example:${port}/`, false, resolvingTo('127.0.0.1'));
    await expect(refused).rejects.toBeInstanceOf(RefusedAddressError);
    await expect(refused).rejects.toThrow(
      'Refused before connecting: rebound.example is at 127.0.0.1, a loopback address',
    );
    expect(received).toBe(0);
  });

  it('refuses an IP address in the URL itself, IPv4-mapped IPv6 too', async () => {
    await expect(post('http://10.0.0.1/', true)).rejects.toThrow(
      'Refused before connecting: 10.0.0.1, a private address',
    );
    await expect(post(`http://[::ffff:127.0.0.1]:${port}/`, false)).rejects.toThrow(
      'a loopback address',
    );
    expect(received).toBe(0);
  });

  it('connects to the address checked, and answers its status', async () => {
    expect(await post(`http://rebound.example:${port}/`, true, resolvingTo('127.0.0.1'))).toBe(204);
    expect(received).toBe(1);
  });

  it('takes a host that does not resolve for one with no addresses yet', async () => {
    const failing: Resolve = (_host, _options, callback) =>
      callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
    expect(await addressesOfHost('nowhere.example', failing)).toEqual([]);
    expect(await addressesOfHost('fd00::1')).toEqual(['fd00::1']);
  });
});
