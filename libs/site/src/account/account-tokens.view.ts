import { DEFAULT_TOKEN_DAYS, type TokenRecord, TOKEN_DAY_CHOICES } from '@app/access';
import { InvalidInputError } from '@app/kernel';
import { govukDate, govukDateTime } from '../layout/dates';
import type { Problem } from '../layout/date-input';

/** A token as the person's list shows it: never its secret, which was shown once. */
export interface TokenRowView {
  id: string;
  name: string;
  created: string;
  expires: string;
  lastUsed: string;
  status: 'Active' | 'Expired' | 'Revoked';
  /** Only an active token can be revoked. */
  revocable: boolean;
}

export function tokenRowView(record: TokenRecord, now: number): TokenRowView {
  const expired = record.expiresAt !== null && Date.parse(record.expiresAt) <= now;
  const status = record.revokedAt ? 'Revoked' : expired ? 'Expired' : 'Active';
  return {
    id: record.id,
    name: record.name,
    created: govukDate(record.createdAt),
    expires: record.expiresAt ? govukDate(record.expiresAt) : 'Never',
    lastUsed: record.lastUsedAt ? govukDateTime(record.lastUsedAt) : 'Not used yet',
    status,
    revocable: status === 'Active',
  };
}

/** The new-token form as sent: its name and lifetime, as text until checked. */
export interface TokenForm {
  name: string;
  expiresInDays: string;
}

export const tokenFormOf = (body: Record<string, unknown> | undefined): TokenForm => ({
  name: typeof body?.name === 'string' ? body.name.trim() : '',
  expiresInDays:
    typeof body?.expiresInDays === 'string' ? body.expiresInDays : String(DEFAULT_TOKEN_DAYS),
});

/** The lifetimes offered, the one asked for (else the default) checked. */
export const expiryChoices = (form: Pick<TokenForm, 'expiresInDays'>) =>
  TOKEN_DAY_CHOICES.map((days) => ({
    value: String(days),
    text: `${days} days`,
    checked: form.expiresInDays === String(days),
  }));

/** What the person is told about a field the register refused, in their words. */
const FIELD_MESSAGES: Readonly<Record<string, Record<string, string>>> = {
  name: { required: 'Enter a name for the token, saying what it is for' },
  expiresInDays: { between: 'Choose how long the token lasts' },
};

/** The form's fields by their ids: `name` and `expiresInDays` (its first radio). */
const FIELD_IDS: Readonly<Record<string, string>> = {
  name: 'name',
  expiresInDays: 'expiresInDays',
};

/** A refusal of the form, as a problem for the error summary and its field. */
export function tokenFormProblem(error: InvalidInputError): Problem & { field: string } {
  // The text rules' own messages read "name must be ...": the person's words are "The name".
  const text =
    FIELD_MESSAGES[error.field]?.[error.rule] ?? error.message.replace(/^name /, 'The name ');
  return { field: error.field, text, href: `#${FIELD_IDS[error.field] ?? error.field}` };
}
