import { brokenEmailRule, normalisedEmail } from '@app/accounts';

/** A problem with a form, as GOV.UK's error summary lists it. */
export interface FormProblem {
  text: string;
  href: string;
}

/** What the sign-in form sends. */
export interface SignInForm {
  email?: unknown;
  next?: unknown;
}

/**
 * The email entered, normalised as accounts keep it (people copy a space with it) and checked
 * by the accounts' rule, or a problem in GOV.UK's words.
 */
export function enteredEmailOf(form: SignInForm): { email: string } | { problem: FormProblem } {
  const email = normalisedEmail(typeof form.email === 'string' ? form.email : '');
  const broken = brokenEmailRule(email);
  if (broken === 'required')
    return { problem: { text: 'Enter your email address', href: '#email' } };
  if (broken)
    return {
      problem: {
        text: 'Enter an email address in the correct format, like name@example.com',
        href: '#email',
      },
    };
  return { email };
}

/** "15 minutes", "1 hour", "10 seconds": how long a link works, as the page and mail say it. */
export function durationInWords(ms: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  const seconds = Math.round(ms / 1000);
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

/**
 * Where to go after signing in: the page that asked for it, if it is one of this site's own
 * paths (never another site's, so the form cannot be used to send people elsewhere).
 */
export function nextPageOf(next: unknown): string | null {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return null;
  // A backslash is read as a slash by browsers; a control character splits the header.
  if (next.includes('\\') || [...next].some((c) => c < ' ')) return null;
  return next.slice(0, 2000);
}
