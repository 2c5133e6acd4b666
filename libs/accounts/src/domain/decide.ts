import {
  assertKnownAreas,
  assertNotInFuture,
  assertText,
  DomainError,
  ErrorCode,
  InvalidInputError,
  notFound,
  Role,
  type Actor,
} from '@app/kernel';
import {
  Account,
  accountStream,
  AccountDetails,
  AccountEvent,
  DigestChoiceBy,
  DigestFrequency,
  EmailClaimEvent,
  emailClaimStream,
  normalisedEmail,
  brokenEmailRule,
  EMAIL_MAX_LENGTH,
} from './account';

export type AccountCommand =
  | ({ kind: 'AddAccount' } & AccountDetails)
  /** The details given are the new ones; those left out stay as they are. */
  | ({ kind: 'ChangeAccount'; accountId: string } & Partial<AccountDetails>)
  | { kind: 'DeactivateAccount'; accountId: string }
  | { kind: 'ReactivateAccount'; accountId: string }
  | { kind: 'EndAccountSessions'; accountId: string }
  | {
      kind: 'ChooseDigestFrequency';
      accountId: string;
      frequency: DigestFrequency;
      /** Chosen by following the unsubscribe link of a digest. */
      byUnsubscribeLink?: boolean;
    };

/** What a decision may consult besides the account: the envelope, the clock, areas and emails. */
export interface AccountDecisionContext {
  actor: Actor;
  occurredAt: string;
  reason: string | null;
  now: Date;
  isKnownArea(areaCode: string): boolean;
  /** The account that holds an email (normalised), or null when none does. */
  holderOf(email: string): string | null;
}

/** Events for one stream: the account's own, or an email's claim. */
export interface AccountStreamEvents {
  streamId: string;
  events: (AccountEvent | EmailClaimEvent)[];
}

/** The streams the decision reads besides the account's: the claims on the emails it takes or gives up. */
export function claimStreamsOf(command: AccountCommand, account: Account | null): string[] {
  if (command.kind === 'AddAccount') return [emailClaimStream(command.email)];
  if (command.kind !== 'ChangeAccount' || command.email === undefined || !account) return [];
  return [emailClaimStream(command.email), emailClaimStream(account.email)];
}

const NAME_RULE = { maxLength: 200 };
const ROLES: readonly string[] = Object.values(Role);
const FREQUENCIES: readonly string[] = Object.values(DigestFrequency);

/**
 * Decides which events a command writes to the account's stream (first) and to the claims on
 * emails, or refuses it. `accountId` is the account the command is about (for AddAccount, the
 * id it will have). Pure.
 */
export function decide(
  command: AccountCommand,
  accountId: string,
  account: Account | null,
  context: AccountDecisionContext,
): AccountStreamEvents[] {
  assertNotInFuture(context.occurredAt, context.now);
  const own = (...events: AccountEvent[]): AccountStreamEvents => ({
    streamId: accountStream(accountId),
    events,
  });
  if (command.kind === 'AddAccount') {
    if (account) {
      throw new DomainError(ErrorCode.ALREADY_EXISTS, `Account ${accountId} already exists`, {
        id: accountId,
      });
    }
    const { kind: _kind, ...given } = command;
    const details = checkedDetails(given, context);
    assertFree(details.email, accountId, context);
    return [
      own({ type: 'AccountAdded', data: details }),
      claim(details.email, { type: 'EmailClaimed', data: { accountId } }),
    ];
  }
  if (!account) throw notFound('Account', accountId);
  switch (command.kind) {
    case 'ChangeAccount': {
      assertReason(context, 'change an account');
      const { kind: _kind, accountId: _id, ...given } = command;
      const changes = changedDetails(account, checkedChanges(account, given, context));
      if (Object.keys(changes).length === 0) {
        throw new InvalidInputError(
          'changes',
          'somethingToChange',
          'Nothing to change: the account already has these details',
        );
      }
      if (changes.email === undefined) return [own({ type: 'AccountChanged', data: changes })];
      assertFree(changes.email, accountId, context);
      return [
        own({ type: 'AccountChanged', data: changes }),
        claim(changes.email, { type: 'EmailClaimed', data: { accountId } }),
        claim(account.email, { type: 'EmailReleased', data: { accountId } }),
      ];
    }
    case 'DeactivateAccount':
      assertReason(context, 'deactivate an account');
      if (!account.active) throw alreadyInState(account, 'deactivated');
      return [own({ type: 'AccountDeactivated', data: {} })];
    case 'ReactivateAccount':
      assertReason(context, 'reactivate an account');
      if (account.active) throw alreadyInState(account, 'active');
      return [own({ type: 'AccountReactivated', data: {} })];
    case 'EndAccountSessions':
      assertReason(context, "end a person's sessions");
      return [own({ type: 'AccountSessionsEnded', data: { endedAt: context.now.toISOString() } })];
    case 'ChooseDigestFrequency': {
      if (!FREQUENCIES.includes(command.frequency)) {
        throw new InvalidInputError(
          'frequency',
          'oneOf',
          `frequency must be one of ${FREQUENCIES.join(', ')}`,
        );
      }
      // An unsubscribe link followed twice, or the same choice made again, changes nothing.
      if (account.digest === command.frequency) return [];
      const by = command.byUnsubscribeLink
        ? DigestChoiceBy.UNSUBSCRIBE_LINK
        : context.actor.id === accountId
          ? DigestChoiceBy.PERSON
          : DigestChoiceBy.ADMIN;
      return [own({ type: 'DigestFrequencyChosen', data: { frequency: command.frequency, by } })];
    }
  }
}

const claim = (email: string, event: EmailClaimEvent): AccountStreamEvents => ({
  streamId: emailClaimStream(email),
  events: [event],
});

function assertFree(email: string, accountId: string, context: AccountDecisionContext): void {
  const holder = context.holderOf(email);
  if (holder !== null && holder !== accountId) {
    throw new DomainError(ErrorCode.ALREADY_EXISTS, 'An account with this email already exists', {
      field: 'email',
    });
  }
}

function assertReason(context: AccountDecisionContext, what: string): void {
  if (!context.reason?.trim()) {
    throw new InvalidInputError('reason', 'required', `A reason is required to ${what}`);
  }
}

const alreadyInState = (account: Account, state: string): DomainError =>
  new DomainError(
    ErrorCode.INVALID_TRANSITION,
    `The account of ${account.email} is already ${state}`,
    {
      id: account.id,
      active: account.active,
    },
  );

/** A new account's details, checked and tidied (email normalised, text trimmed). */
function checkedDetails(given: AccountDetails, context: AccountDecisionContext): AccountDetails {
  return {
    email: checkedEmail(given.email),
    name: checkedText('name', given.name),
    role: checkedRole(given.role),
    organisation: checkedText('organisation', given.organisation),
    areaCodes: checkedAreas(given.role, given.areaCodes, context),
  };
}

/**
 * The account's details after a change, checked. A local authority officer keeps their areas
 * unless new ones are given; an officer who takes another role reports for none.
 */
function checkedChanges(
  account: Account,
  given: Partial<AccountDetails>,
  context: AccountDecisionContext,
): AccountDetails {
  const role = given.role === undefined ? account.role : checkedRole(given.role);
  const areaCodes = given.areaCodes ?? (role === Role.LOCAL_AUTHORITY ? account.areaCodes : []);
  return {
    email: given.email === undefined ? account.email : checkedEmail(given.email),
    name: given.name === undefined ? account.name : checkedText('name', given.name),
    role,
    organisation:
      given.organisation === undefined
        ? account.organisation
        : checkedText('organisation', given.organisation),
    areaCodes: checkedAreas(role, areaCodes, context),
  };
}

/** Only what differs from the account. */
function changedDetails(account: Account, next: AccountDetails): Partial<AccountDetails> {
  const changes: Partial<AccountDetails> = {};
  if (next.email !== account.email) changes.email = next.email;
  if (next.name !== account.name) changes.name = next.name;
  if (next.role !== account.role) changes.role = next.role;
  if (next.organisation !== account.organisation) changes.organisation = next.organisation;
  if (next.areaCodes.join() !== account.areaCodes.join()) changes.areaCodes = next.areaCodes;
  return changes;
}

function checkedEmail(email: string): string {
  const normalised = normalisedEmail(email);
  switch (brokenEmailRule(normalised)) {
    case 'required':
      throw new InvalidInputError('email', 'required', 'email is required: enter an email address');
    case 'maxLength':
      throw new InvalidInputError(
        'email',
        'maxLength',
        `email must be ${EMAIL_MAX_LENGTH} characters or fewer (it has ${normalised.length})`,
      );
    case 'emailAddress':
      throw new InvalidInputError(
        'email',
        'emailAddress',
        'email must be an email address in the correct format, like name@example.gov.uk',
      );
    case null:
      return normalised;
  }
}

function checkedText(field: 'name' | 'organisation', value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new InvalidInputError(field, 'required', `${field} is required`);
  assertText(field, trimmed, NAME_RULE);
  return trimmed;
}

function checkedRole(role: Role): Role {
  if (!ROLES.includes(role)) {
    throw new InvalidInputError('role', 'oneOf', `role must be one of ${ROLES.join(', ')}`);
  }
  return role;
}

/** A local authority officer reports for one or more known areas, each once; others for none. */
function checkedAreas(
  role: Role,
  areaCodes: readonly string[],
  context: AccountDecisionContext,
): string[] {
  if (role !== Role.LOCAL_AUTHORITY) {
    if (areaCodes.length > 0) {
      throw new InvalidInputError(
        'areaCodes',
        'onlyForLocalAuthority',
        `areaCodes are only for a local authority officer: a ${role} reports for no area`,
      );
    }
    return [];
  }
  if (areaCodes.length === 0) {
    throw new InvalidInputError(
      'areaCodes',
      'required',
      'areaCodes are required: a local authority officer reports for one or more areas, named by ONS GSS code',
    );
  }
  assertKnownAreas('areaCodes', areaCodes, (code) => context.isKnownArea(code));
  return [...areaCodes];
}
