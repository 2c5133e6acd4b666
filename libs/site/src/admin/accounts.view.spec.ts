import { DigestFrequency, type Account } from '@app/accounts';
import { DomainError, ErrorCode, InvalidInputError, Role } from '@app/kernel';
import type { RecordedEvent } from '@app/event-store';
import {
  accountDetailsOf,
  accountHistoryOf,
  accountRowOf,
  accountsFilterItems,
  accountsFilterOf,
  readAccountForm,
  readReasonForm,
  refusalWords,
} from './accounts.view';

const officer: Account = {
  id: 'a1',
  email: 'priya@lambeth.gov.uk',
  name: 'Priya Patel',
  role: Role.LOCAL_AUTHORITY,
  organisation: 'Lambeth Council',
  areaCodes: ['E09000022', 'E09000028'],
  active: false,
  digest: DigestFrequency.MONTHLY,
  sessionsEndedAt: null,
  version: 3,
};
const names: Record<string, string> = { E09000022: 'Lambeth', E09000028: 'Southwark' };
const areaName = (code: string) => names[code];
const fresh = () => 'site:new';

describe('the admins’ account pages', () => {
  it('reads the list’s filters, ignoring what is not a role or a status', () => {
    expect(accountsFilterOf({ role: 'AUDITOR', status: 'deactivated' })).toEqual({
      role: Role.AUDITOR,
      active: false,
    });
    expect(accountsFilterOf({ role: 'KING', status: 'asleep' })).toEqual({});
    const items = accountsFilterItems({ active: true });
    expect(items.status.find((item) => item.selected)?.value).toBe('active');
    expect(items.role.find((item) => item.selected)?.text).toBe('Any role');
  });

  it('says an account in words: its role, its areas by name, its status and digest', () => {
    expect(accountRowOf(officer, areaName)).toEqual({
      href: '/admin/accounts/a1',
      name: 'Priya Patel',
      email: 'priya@lambeth.gov.uk',
      role: 'Local authority officer',
      organisation: 'Lambeth Council',
      areas: 'Lambeth, Southwark',
      status: 'Deactivated',
      digest: 'Monthly',
    });
  });

  it('finds every missing answer at once, in the form’s order, keeping what was typed', () => {
    const form = readAccountForm(
      { email: ' ann@example.org ', role: 'LOCAL_AUTHORITY', commandId: 'bad id!' },
      fresh,
      { reasonRequired: true },
    );
    expect(form.commandId).toBe('site:new');
    expect(form.values.email).toBe('ann@example.org');
    expect(form.problems).toEqual([
      { text: "Enter the person's name", href: '#name' },
      { text: 'Enter the organisation the person works for', href: '#organisation' },
      { text: 'Select the areas a local authority officer reports for', href: '#areaCodes' },
      { text: 'Enter why you are making this change', href: '#reason' },
    ]);
    expect(form.errors.name).toEqual({ text: "Enter the person's name" });
    expect(form.errors.email).toBeUndefined();
  });

  it('asks why before an account is deactivated, reactivated or signed out, keeping a good command id', () => {
    expect(readReasonForm('deactivate', { reason: '  ', commandId: 'site:x' }, fresh)).toEqual({
      change: 'deactivate',
      reason: '',
      commandId: 'site:x',
      error: { text: 'Enter why you are making this change' },
    });
    const form = readReasonForm(
      'end-sessions',
      { reason: ' Lost laptop ', commandId: '<x>' },
      fresh,
    );
    expect([form.reason, form.commandId, form.error]).toEqual(['Lost laptop', 'site:new', null]);
  });

  it('sends a complete form as the context’s details, one area or several', () => {
    const fields = {
      commandId: 'site:kept',
      email: 'priya@lambeth.gov.uk',
      name: 'Priya Patel',
      organisation: 'Lambeth Council',
      role: 'LOCAL_AUTHORITY',
    };
    const one = readAccountForm({ ...fields, areaCodes: 'E09000022' }, fresh, {
      reasonRequired: false,
    });
    expect(one.problems).toEqual([]);
    expect(one.commandId).toBe('site:kept');
    expect(accountDetailsOf(one).areaCodes).toEqual(['E09000022']);
    const two = readAccountForm({ ...fields, areaCodes: ['E09000022', 'E09000028'] }, fresh, {
      reasonRequired: false,
    });
    expect(accountDetailsOf(two)).toEqual({
      email: 'priya@lambeth.gov.uk',
      name: 'Priya Patel',
      organisation: 'Lambeth Council',
      role: Role.LOCAL_AUTHORITY,
      areaCodes: ['E09000022', 'E09000028'],
    });
  });

  it('puts the context’s refusals beside their fields, in the person’s words', () => {
    expect(
      refusalWords(
        new DomainError(ErrorCode.ALREADY_EXISTS, 'An account with this email already exists', {
          field: 'email',
        }),
      ),
    ).toEqual({ field: 'email', text: 'An account with this email address already exists' });
    expect(refusalWords(new InvalidInputError('email', 'emailAddress', 'x'))?.text).toBe(
      'Enter an email address in the correct format, like name@example.gov.uk',
    );
    expect(
      refusalWords(
        new DomainError(ErrorCode.UNKNOWN_AREA, 'Unknown', {
          field: 'areaCodes',
          areaCodes: ['E99999999'],
        }),
      ),
    ).toEqual({
      field: 'areaCodes',
      text: 'Select areas from the list: E99999999 is not a local authority the tracker knows',
    });
    expect(
      refusalWords(new InvalidInputError('areaCodes', 'onlyForLocalAuthority', 'x'))?.field,
    ).toBe('areaCodes');
    expect(
      refusalWords(
        new DomainError(ErrorCode.FORBIDDEN, 'An admin may not', { field: 'accountId' }),
      ),
    ).toEqual({
      field: 'reason',
      text: 'You cannot deactivate your own account: ask another admin',
    });
    // Refused access and failures are not the form's to say.
    expect(refusalWords(new DomainError(ErrorCode.FORBIDDEN, 'Admins only', {}))).toBeNull();
    expect(refusalWords(new Error('disk full'))).toBeNull();
  });

  it('tells the account’s history in words: what changed, when, who and why', () => {
    const step = (type: string, data: object, reason: string | null): RecordedEvent => ({
      eventId: type,
      streamId: 'account-a1',
      version: 1,
      position: 1,
      type,
      data: data as Record<string, unknown>,
      metadata: { actor: { id: 'x', name: 'Ann Admin' }, reason },
      recordedAt: '2026-12-05T13:05:00.000Z',
    });
    expect(
      accountHistoryOf(
        [
          step('AccountChanged', { role: 'LOCAL_AUTHORITY', areaCodes: ['E09000022'] }, 'Moved'),
          step('DigestFrequencyChosen', { frequency: 'MONTHLY', by: 'PERSON' }, null),
          step('AccountDeactivated', {}, 'Left'),
        ],
        areaName,
      ),
    ).toEqual([
      {
        what: 'Account details changed: role to Local authority officer; areas to Lambeth',
        at: '2026-12-05T13:05:00.000Z',
        when: '1:05pm on 5 December 2026',
        by: 'Ann Admin',
        why: 'Moved',
      },
      expect.objectContaining({ what: 'Digest frequency chosen: monthly, by the person', why: '' }),
      expect.objectContaining({ what: 'Account deactivated', why: 'Left' }),
    ]);
  });
});
