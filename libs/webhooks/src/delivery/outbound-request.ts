import { lookup as dnsLookup, type LookupAddress } from 'dns';
import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';
import { isIP, type LookupFunction } from 'net';
import { hostOf, refusedAddress } from '../domain/outbound-address';

/** How a host's name is resolved: Node's dns.lookup, or a test's stand-in. */
export type Resolve = (
  hostname: string,
  options: { all: true; family?: number },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** The addresses a URL's host resolves to now: none when it does not resolve. */
export function addressesOfHost(host: string, resolve: Resolve = dnsLookup): Promise<string[]> {
  if (isIP(host)) return Promise.resolve([host]);
  return new Promise((done) =>
    resolve(host, { all: true }, (error, addresses) =>
      done(error ? [] : addresses.map(({ address }) => address)),
    ),
  );
}

/** A delivery refused before connecting: the host is at an address webhooks may not reach. */
export class RefusedAddressError extends Error {
  constructor(host: string, address: string, why: string) {
    super(
      `Refused before connecting: ${host === address ? host : `${host} is at ${address}`}, ${why}`,
    );
    this.name = 'RefusedAddressError';
  }
}

/**
 * The lookup a delivery's socket connects through: the name is resolved once, and refused if
 * any of its addresses is one webhooks may not reach; the socket connects to the addresses
 * checked, so a name that resolves elsewhere a moment later (DNS rebinding) gains nothing.
 */
export function checkedLookup(loopbackAllowed: boolean, resolve: Resolve = dnsLookup) {
  const lookup = (
    hostname: string,
    options: { family?: number; all?: boolean },
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    resolve(hostname, { all: true, family: options.family }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const why = refusedAddress(address, loopbackAllowed);
        if (why) return callback(new RefusedAddressError(hostname, address, why), []);
      }
      if (options.all) return callback(null, addresses);
      if (addresses.length === 0)
        return callback(Object.assign(new Error(hostname), { code: 'ENOTFOUND' }), []);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
  return lookup as LookupFunction;
}

/**
 * POSTs a delivery and answers its status (the body is not read), following no redirect. An
 * IP address in the URL is checked here, as the socket looks nothing up for it.
 */
export function postDelivery(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { signal: AbortSignal; loopbackAllowed: boolean; resolve?: Resolve },
): Promise<number> {
  const target = new URL(url);
  const host = hostOf(target);
  const why = isIP(host) ? refusedAddress(host, options.loopbackAllowed) : null;
  if (why) return Promise.reject(new RefusedAddressError(host, host, why));
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const sent = request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: options.signal,
        // Every new connection, pooled or not, is made through the check.
        lookup: checkedLookup(options.loopbackAllowed, options.resolve),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}
