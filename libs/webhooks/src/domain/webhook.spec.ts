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
const ID = '0b9f1c1e-7a43-4d0e-9d0c-2f1f3f6b7a10';
const context: WebhookDecisionContext = {
  loopbackHttpAllowed: false,
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
    const local = { ...context, loopbackHttpAllowed: true };
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
