import { isIP } from 'net';
import { Actor, ErrorCode, refusal, Role } from '@app/kernel';
import { authorize } from './policy';
import {
  decideWebhook,
  foldWebhook,
  type WebhookCommand,
  type WebhookDecisionContext,
  type WebhookEvent,
  type WebhookSettings,
} from './webhook';

const LAMBETH = 'E09000022';
/** What the handler found the hosts to resolve to, as it hands them in. */
const RESOLVED: Record<string, string[]> = {
  'hooks.example.org': ['203.0.113.10', '2001:db8::10'],
  'intranet.example.org': ['203.0.113.11', '10.1.2.3'],
  localhost: ['127.0.0.1', '::1'],
};
const ID = '0b9f1c1e-7a43-4d0e-9d0c-2f1f3f6b7a10';
const context: WebhookDecisionContext = {
  loopbackAllowed: false,
  addressesOf: (host) => (isIP(host) ? [host] : (RESOLVED[host] ?? [])),
  isKnownEventType: (type) => ['MilestoneAchieved', 'StatusReported'].includes(type),
  isKnownArea: (code) => code === LAMBETH,
  isKnownProgramme: (id) => id === 'family-hubs',
};
const settings: WebhookSettings = {
  url: 'https://hooks.example.org/tracker',
  eventTypes: ['MilestoneAchieved'],
  areaCodes: [LAMBETH],
  programmeIds: null,
  description: 'Lambeth data warehouse',
};
const register: WebhookCommand = { kind: 'RegisterWebhook', id: ID, ...settings };
const registered: WebhookEvent = { type: 'WebhookRegistered', data: { id: ID, ...settings } };

/** Given these events, when the command is decided: the events it writes. */
const given = (events: WebhookEvent[], command: WebhookCommand, ctx = context) =>
  decideWebhook(command, foldWebhook(events), ctx);

describe('webhooks: registering, changing and removing an endpoint', () => {
  it('given nothing, when registered, then the settings are recorded (and no secret)', () => {
    expect(given([], register)).toEqual([registered]);
    expect(JSON.stringify(given([], register))).not.toMatch(/secret/i);
  });

  it('given a webhook, when changed, then the settings after the change are recorded whole', () => {
    expect(
      given([registered], { kind: 'ChangeWebhook', id: ID, eventTypes: ['StatusReported'] }),
    ).toEqual([{ type: 'WebhookChanged', data: { ...settings, eventTypes: ['StatusReported'] } }]);
    expect(given([registered], { kind: 'ChangeWebhook', id: ID, areaCodes: null })).toEqual([
      { type: 'WebhookChanged', data: { ...settings, areaCodes: null } },
    ]);
  });

  it('given a webhook, when changed to the same settings, then nothing is written', () => {
    expect(given([registered], { kind: 'ChangeWebhook', id: ID, url: settings.url })).toEqual([]);
  });

  it('given a webhook, when removed, then it is removed; changing or removing it again is refused', () => {
    const removed = given([registered], { kind: 'RemoveWebhook', id: ID });
    expect(removed).toEqual([{ type: 'WebhookRemoved', data: {} }]);
    expect(foldWebhook([registered, ...removed])).toMatchObject({ id: ID, removed: true });
    expect(
      refusal(() => given([registered, ...removed], { kind: 'RemoveWebhook', id: ID })).code,
    ).toBe(ErrorCode.NOT_FOUND);
    expect(
      refusal(() => given([], { kind: 'ChangeWebhook', id: ID, url: settings.url })).code,
    ).toBe(ErrorCode.NOT_FOUND);
  });

  it('refuses registering the same id twice', () => {
    expect(refusal(() => given([registered], register)).code).toBe(ErrorCode.ALREADY_EXISTS);
  });

  it.each([
    ['not a URL', 'hooks.example.org', 'absoluteUrl'],
    ['plain http', 'http://hooks.example.org/tracker', 'https'],
    ['plain http to loopback outside development and test', 'http://127.0.0.1:8080/', 'https'],
    ['a password in the address', 'https://user:pw@hooks.example.org/', 'noCredentials'],
    ['another scheme', 'ftp://hooks.example.org/', 'https'],
    ['too long', `https://hooks.example.org/${'a'.repeat(2000)}`, 'maxLength'],
    [
      'hiding a direction override',
      'https://hooks.example.org/\u202Egpj.exe',
      'noDirectionOverrides',
    ],
  ])('refuses an address that is %s, naming the field and rule', (_what, url, rule) => {
    expect(refusal(() => given([], { ...register, url }))).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { field: 'url', rule },
    });
  });

  it('accepts plain http to a loopback host in development and test', () => {
    const local = { ...context, loopbackAllowed: true };
    for (const url of [
      'http://127.0.0.1:8080/hooks',
      'http://localhost/hooks',
      'http://[::1]:9/',
    ]) {
      expect(given([], { ...register, url }, local)).toHaveLength(1);
    }
    expect(
      refusal(() => given([], { ...register, url: 'http://hooks.example.org/' }, local)).details,
    ).toMatchObject({ field: 'url', rule: 'https' });
  });

  it.each([
    [
      'a private address by name',
      'https://intranet.example.org/',
      'intranet.example.org is at 10.1.2.3, a private address',
    ],
    ['a private address', 'https://192.168.1.20/hooks', '192.168.1.20, a private address'],
    [
      'a loopback address outside development and test',
      'https://localhost/',
      'localhost is at 127.0.0.1, a loopback address',
    ],
    [
      'an IPv4-mapped IPv6 loopback address',
      'https://[::ffff:127.0.0.1]/',
      '::ffff:7f00:1, a loopback address',
    ],
    [
      'a link-local address',
      'https://169.254.169.254/latest/meta-data',
      '169.254.169.254, a link-local address',
    ],
    [
      'a unique local IPv6 address',
      'https://[fd12:3456::1]/',
      'fd12:3456::1, a unique local address',
    ],
  ])('refuses an address that reaches %s, saying so on url', (_what, url, words) => {
    const refused = refusal(() => given([], { ...register, url }));
    expect(refused).toMatchObject({ details: { field: 'url', rule: 'publicAddress' } });
    expect(refused.message).toBe(`url must be an address on the internet: ${words}`);
  });

  it('accepts a loopback address in development and test only, and a host not resolved yet', () => {
    const local = { ...context, loopbackAllowed: true };
    expect(given([], { ...register, url: 'https://localhost/' }, local)).toHaveLength(1);
    expect(given([], { ...register, url: 'https://[::ffff:127.0.0.1]/' }, local)).toHaveLength(1);
    expect(
      refusal(() => given([], { ...register, url: 'https://10.0.0.1/' }, local)).details,
    ).toMatchObject({ rule: 'publicAddress' });
    expect(given([], { ...register, url: 'https://not-yet.example.org/' })).toHaveLength(1);
  });

  it('checks a changed address as a new one', () => {
    expect(
      refusal(() =>
        given([registered], {
          kind: 'ChangeWebhook',
          id: ID,
          url: 'https://intranet.example.org/',
        }),
      ).details,
    ).toMatchObject({ field: 'url', rule: 'publicAddress' });
  });

  it('refuses unknown event types, areas and programmes, empty and repeated lists', () => {
    const problem = (command: Partial<WebhookSettings>) =>
      refusal(() => given([], { ...register, ...command })).details;
    expect(problem({ eventTypes: ['WebhookRegistered'] })).toMatchObject({
      field: 'eventTypes',
      rule: 'known',
    });
    expect(problem({ eventTypes: [] })).toMatchObject({ field: 'eventTypes', rule: 'required' });
    expect(problem({ eventTypes: ['StatusReported', 'StatusReported'] })).toMatchObject({
      field: 'eventTypes',
      rule: 'unique',
    });
    expect(problem({ areaCodes: ['E09999999'] })).toMatchObject({
      field: 'areaCodes',
      rule: 'known',
    });
    expect(problem({ areaCodes: [] })).toMatchObject({ field: 'areaCodes', rule: 'required' });
    expect(problem({ programmeIds: ['no-such-programme'] })).toMatchObject({
      field: 'programmeIds',
      rule: 'known',
    });
    expect(problem({ description: 'a\u202Eb' })).toMatchObject({ field: 'description' });
  });
});

describe('webhooks policy: only admins manage them', () => {
  const actorOf = (role: Role): Actor => ({ id: role, name: role, role, organisation: null });
  it.each([Role.BOARD_MEMBER, Role.AUDITOR, Role.LOCAL_AUTHORITY])('%s is refused', (role) => {
    expect(refusal(() => authorize(actorOf(role))).code).toBe(ErrorCode.FORBIDDEN);
  });
  it('ADMIN is allowed', () => {
    expect(() => authorize(actorOf(Role.ADMIN))).not.toThrow();
  });
});
