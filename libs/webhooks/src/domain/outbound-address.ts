import { BlockList, isIP } from 'net';

/**
 * Where a webhook may not send: addresses inside the tracker's own network or no one's, so that
 * registering a webhook cannot make the server call its neighbours (server-side request
 * forgery). Node's BlockList matches an IPv4 range for its IPv4-mapped IPv6 form too.
 */
const RANGES: readonly { what: string; ranges: readonly [string, number, 'ipv4' | 'ipv6'][] }[] = [
  {
    what: 'a private address',
    ranges: [
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
    ],
  },
  { what: 'a shared (carrier-grade NAT) address', ranges: [['100.64.0.0', 10, 'ipv4']] },
  {
    what: 'a link-local address',
    ranges: [
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ],
  },
  {
    what: 'a multicast address',
    ranges: [
      ['224.0.0.0', 4, 'ipv4'],
      ['ff00::', 8, 'ipv6'],
    ],
  },
  {
    what: 'a unique local address',
    ranges: [
      ['fc00::', 7, 'ipv6'],
      // Site-local, deprecated but still routed inside some networks.
      ['fec0::', 10, 'ipv6'],
    ],
  },
  {
    what: 'an address reserved for no host',
    ranges: [
      ['0.0.0.0', 8, 'ipv4'],
      ['192.0.0.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['240.0.0.0', 4, 'ipv4'],
      // The unspecified address and the old IPv4-compatible form (::a.b.c.d), but ::1 below.
      ['::', 96, 'ipv6'],
      ['100::', 64, 'ipv6'],
    ],
  },
];

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const INTERNAL = RANGES.map(({ what, ranges }) => {
  const list = new BlockList();
  for (const [network, prefix, type] of ranges) list.addSubnet(network, prefix, type);
  return { what, list };
});

const familyOf = (address: string): 'ipv4' | 'ipv6' | null =>
  ({ 4: 'ipv4' as const, 6: 'ipv6' as const })[isIP(address)] ?? null;

/**
 * Why a webhook may not be sent to this IP address ("a private address"), or null when it may:
 * an address on the internet, or loopback where loopback is allowed (development and test).
 * Something that is not an IP address is refused too, as nothing can be said of it. Pure.
 */
export function refusedAddress(address: string, loopbackAllowed: boolean): string | null {
  const family = familyOf(address);
  if (!family) return 'not an IP address';
  if (LOOPBACK.check(address, family)) return loopbackAllowed ? null : 'a loopback address';
  return INTERNAL.find(({ list }) => list.check(address, family))?.what ?? null;
}

/** A URL's host as an IP address or name: without the brackets of an IPv6 literal. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');
