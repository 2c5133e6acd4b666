import { hostOf, refusedAddress } from './outbound-address';

describe('where webhooks may be sent', () => {
  it.each([
    ['93.184.215.14', 'an IPv4 address on the internet'],
    ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', 'an IPv6 address on the internet'],
    ['::ffff:93.184.215.14', 'an IPv4-mapped address on the internet'],
    ['100.63.255.255', 'just below the shared range'],
    ['100.128.0.0', 'just above the shared range'],
    ['172.32.0.1', 'just above the private 172.16/12'],
    ['fbff::1', 'just below the unique local range'],
  ])('sends to %s (%s)', (address) => {
    expect(refusedAddress(address, false)).toBeNull();
  });

  it.each([
    ['10.0.0.1', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.0.1', 'a private address'],
    ['::ffff:10.0.0.1', 'a private address'],
    ['::ffff:a00:1', 'a private address'],
    ['100.64.0.1', 'a shared (carrier-grade NAT) address'],
    ['100.127.255.254', 'a shared (carrier-grade NAT) address'],
    ['169.254.169.254', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['::ffff:169.254.169.254', 'a link-local address'],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['fc00::1', 'a unique local address'],
    ['fd12:3456:789a::1', 'a unique local address'],
    ['fec0::1', 'a unique local address'],
    ['0.0.0.0', 'an address reserved for no host'],
    ['255.255.255.255', 'an address reserved for no host'],
    ['::', 'an address reserved for no host'],
    ['::10.0.0.1', 'an address reserved for no host'],
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['not-an-address', 'not an IP address'],
  ])('refuses %s: %s', (address, why) => {
    expect(refusedAddress(address, false)).toBe(why);
  });

  it('sends to loopback where loopback is allowed (development and test), and nothing else internal', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(refusedAddress(address, true)).toBeNull();
    }
    expect(refusedAddress('10.0.0.1', true)).toBe('a private address');
    expect(refusedAddress('fe80::1', true)).toBe('a link-local address');
  });

  it("reads a URL's host without the brackets of an IPv6 literal", () => {
    expect(hostOf(new URL('https://[fd00::1]:8443/hooks'))).toBe('fd00::1');
    expect(hostOf(new URL('https://hooks.example.org/'))).toBe('hooks.example.org');
  });
});
