import { ErrorCode, refusal, Role } from '@app/kernel';
import {
  accountIdFor,
  accountStream,
  AccountEvent,
  DigestFrequency,
  emailClaimStream,
  emailHolder,
  foldAccount,
} from './account';
import { AccountCommand, AccountDecisionContext, claimStreamsOf, decide } from './decide';

const ID = accountIdFor('add-ada');
const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const ADMIN = { id: 'admin-1', name: 'Grace Admin', role: Role.ADMIN, organisation: null };
const NOW = new Date('2026-06-01T12:00:00.000Z');

const ada = {
  email: 'ada@lambeth.gov.uk',
  name: 'Ada Lovelace',
  role: Role.LOCAL_AUTHORITY,
  organisation: 'Lambeth Council',
  areaCodes: [LAMBETH],
};
const added: AccountEvent = { type: 'AccountAdded', data: ada };

/** Given these events on the account (and these emails held), when the command is decided. */
function when(
  given: AccountEvent[],
  command: AccountCommand,
  context: Partial<AccountDecisionContext> & { held?: Record<string, string> } = {},
) {
  const { held = {}, ...rest } = context;
  return decide(command, ID, foldAccount(ID, given), {
    actor: ADMIN,
    occurredAt: NOW.toISOString(),
    reason: 'Joined the programme team',
    now: NOW,
    isKnownArea: (code) => [LAMBETH, SOUTHWARK].includes(code),
    holderOf: (email) => held[email] ?? null,
    ...rest,
  });
}

describe('an account', () => {
  it('given nothing, when added, then the account is added and claims its email', () => {
    expect(when([], { kind: 'AddAccount', ...ada, email: '  Ada@Lambeth.GOV.uk ' })).toEqual([
      { streamId: accountStream(ID), events: [added] },
      {
        streamId: emailClaimStream(ada.email),
        events: [{ type: 'EmailClaimed', data: { accountId: ID } }],
      },
    ]);
  });

  it('refuses an email another account holds, in the words the person reads', () => {
    const error = refusal(() =>
      when([], { kind: 'AddAccount', ...ada }, { held: { [ada.email]: 'someone-else' } }),
    );
    expect(error).toMatchObject({
      code: ErrorCode.ALREADY_EXISTS,
      message: 'An account with this email already exists',
      details: { field: 'email' },
    });
  });

  it.each([
    [{ email: 'not an email' }, 'email', 'emailAddress'],
    [{ email: 'ada@localhost' }, 'email', 'emailAddress'],
    [{ email: `${'a'.repeat(250)}@x.uk` }, 'email', 'maxLength'],
    [{ email: ' ' }, 'email', 'required'],
    [{ name: '' }, 'name', 'required'],
    [{ name: 'Ada\u202E' }, 'name', 'noDirectionOverrides'],
    [{ organisation: 'x'.repeat(201) }, 'organisation', 'maxLength'],
    [{ role: 'KING' as Role }, 'role', 'oneOf'],
    [{ areaCodes: [] }, 'areaCodes', 'required'],
    [{ areaCodes: [LAMBETH, LAMBETH] }, 'areaCodes', 'unique'],
    [{ role: Role.AUDITOR }, 'areaCodes', 'onlyForLocalAuthority'],
  ])('refuses %j naming the field %s and the rule %s', (change, field, rule) => {
    expect(refusal(() => when([], { kind: 'AddAccount', ...ada, ...change })).details).toEqual({
      field,
      rule,
    });
  });

  it('refuses an unknown area', () => {
    expect(
      refusal(() => when([], { kind: 'AddAccount', ...ada, areaCodes: ['E09999999'] })),
    ).toMatchObject({ code: ErrorCode.UNKNOWN_AREA, details: { field: 'areaCodes' } });
  });

  it('given an account, when changed, then only what changed is recorded', () => {
    expect(
      when([added], {
        kind: 'ChangeAccount',
        accountId: ID,
        name: 'Ada Lovelace',
        areaCodes: [LAMBETH, SOUTHWARK],
      }),
    ).toEqual([
      {
        streamId: accountStream(ID),
        events: [{ type: 'AccountChanged', data: { areaCodes: [LAMBETH, SOUTHWARK] } }],
      },
    ]);
  });

  it('given an officer, when made an auditor, then their areas go with the old role', () => {
    expect(
      when([added], { kind: 'ChangeAccount', accountId: ID, role: Role.AUDITOR })[0].events,
    ).toEqual([{ type: 'AccountChanged', data: { role: Role.AUDITOR, areaCodes: [] } }]);
  });

  it('given an account, when its email changes, then the new email is claimed and the old released', () => {
    expect(
      when([added], { kind: 'ChangeAccount', accountId: ID, email: 'ada@southwark.gov.uk' }),
    ).toEqual([
      {
        streamId: accountStream(ID),
        events: [{ type: 'AccountChanged', data: { email: 'ada@southwark.gov.uk' } }],
      },
      {
        streamId: emailClaimStream('ada@southwark.gov.uk'),
        events: [{ type: 'EmailClaimed', data: { accountId: ID } }],
      },
      {
        streamId: emailClaimStream(ada.email),
        events: [{ type: 'EmailReleased', data: { accountId: ID } }],
      },
    ]);
  });

  it('refuses a change that changes nothing, one without a reason, and one to a held email', () => {
    expect(
      refusal(() => when([added], { kind: 'ChangeAccount', accountId: ID, name: ada.name }))
        .details,
    ).toEqual({ field: 'changes', rule: 'somethingToChange' });
    expect(
      refusal(() =>
        when([added], { kind: 'ChangeAccount', accountId: ID, name: 'Ada' }, { reason: ' ' }),
      ).details,
    ).toEqual({ field: 'reason', rule: 'required' });
    expect(
      refusal(() =>
        when(
          [added],
          { kind: 'ChangeAccount', accountId: ID, email: 'b@x.gov.uk' },
          { held: { 'b@x.gov.uk': 'other' } },
        ),
      ).code,
    ).toBe(ErrorCode.ALREADY_EXISTS);
  });

  it('given an account, when deactivated and reactivated, then each is recorded once', () => {
    const deactivated: AccountEvent = { type: 'AccountDeactivated', data: {} };
    expect(when([added], { kind: 'DeactivateAccount', accountId: ID })[0].events).toEqual([
      deactivated,
    ]);
    expect(
      refusal(() => when([added, deactivated], { kind: 'DeactivateAccount', accountId: ID })),
    ).toMatchObject({
      code: ErrorCode.INVALID_TRANSITION,
      message: 'The account of ada@lambeth.gov.uk is already deactivated',
    });
    expect(
      when([added, deactivated], { kind: 'ReactivateAccount', accountId: ID })[0].events,
    ).toEqual([{ type: 'AccountReactivated', data: {} }]);
    expect(refusal(() => when([added], { kind: 'ReactivateAccount', accountId: ID })).code).toBe(
      ErrorCode.INVALID_TRANSITION,
    );
    expect(
      refusal(() => when([added], { kind: 'DeactivateAccount', accountId: ID }, { reason: null }))
        .details,
    ).toEqual({ field: 'reason', rule: 'required' });
  });

  it('given an account, when its sessions are ended, then it records when, from the clock', () => {
    expect(when([added], { kind: 'EndAccountSessions', accountId: ID })[0].events).toEqual([
      { type: 'AccountSessionsEnded', data: { endedAt: NOW.toISOString() } },
    ]);
  });

  it('records who chose a digest frequency, and writes nothing for the same choice again', () => {
    const choose = (by: object) => ({
      kind: 'ChooseDigestFrequency' as const,
      accountId: ID,
      frequency: DigestFrequency.NONE,
      ...by,
    });
    expect(when([added], choose({ byUnsubscribeLink: true }))[0].events).toEqual([
      { type: 'DigestFrequencyChosen', data: { frequency: 'NONE', by: 'UNSUBSCRIBE_LINK' } },
    ]);
    expect(when([added], choose({}), { actor: { ...ADMIN, id: ID } })[0].events[0]).toMatchObject({
      data: { by: 'PERSON' },
    });
    expect(when([added], choose({}))[0].events[0]).toMatchObject({ data: { by: 'ADMIN' } });
    const none: AccountEvent = {
      type: 'DigestFrequencyChosen',
      data: { frequency: DigestFrequency.NONE, by: 'PERSON' as never },
    };
    expect(when([added, none], choose({}))).toEqual([]);
    expect(refusal(() => when([added], choose({ frequency: 'DAILY' }))).details).toEqual({
      field: 'frequency',
      rule: 'oneOf',
    });
  });

  it('refuses a command on an unknown account, and one dated in the future', () => {
    expect(refusal(() => when([], { kind: 'DeactivateAccount', accountId: ID })).code).toBe(
      ErrorCode.NOT_FOUND,
    );
    expect(
      refusal(() =>
        when([], { kind: 'AddAccount', ...ada }, { occurredAt: '2027-01-01T00:00:00.000Z' }),
      ).details,
    ).toMatchObject({ field: 'occurredAt', rule: 'notInFuture' });
  });

  it('folds the account, and reads who holds an email from its claims', () => {
    const facts = [
      added,
      { type: 'AccountChanged', data: { name: 'Ada King' } },
      { type: 'AccountDeactivated', data: {} },
      { type: 'AccountSessionsEnded', data: { endedAt: NOW.toISOString() } },
      { type: 'DigestFrequencyChosen', data: { frequency: 'MONTHLY', by: 'PERSON' } },
    ];
    expect(foldAccount(ID, facts)).toEqual({
      id: ID,
      ...ada,
      name: 'Ada King',
      active: false,
      digest: DigestFrequency.MONTHLY,
      sessionsEndedAt: NOW.toISOString(),
      version: 5,
    });
    const claims = (...types: string[]) => types.map((type) => ({ type, data: { accountId: ID } }));
    expect(emailHolder(claims('EmailClaimed'))).toBe(ID);
    expect(emailHolder(claims('EmailClaimed', 'EmailReleased'))).toBeNull();
    expect(emailHolder([])).toBeNull();
  });

  it('names the claims a command reads: the email added, or the new and the old', () => {
    const account = foldAccount(ID, [added]);
    expect(claimStreamsOf({ kind: 'AddAccount', ...ada }, null)).toEqual([
      emailClaimStream(ada.email),
    ]);
    expect(
      claimStreamsOf({ kind: 'ChangeAccount', accountId: ID, email: 'b@x.gov.uk' }, account),
    ).toEqual([emailClaimStream('b@x.gov.uk'), emailClaimStream(ada.email)]);
    expect(claimStreamsOf({ kind: 'DeactivateAccount', accountId: ID }, account)).toEqual([]);
  });

  it('gives an added account an id from its command id, the same for a retry', () => {
    expect(accountIdFor('add-ada')).toBe(ID);
    expect(accountIdFor('add-bob')).not.toBe(ID);
    expect(ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
