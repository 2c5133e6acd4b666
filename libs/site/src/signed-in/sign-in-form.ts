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

/** Longest address mail can carry (RFC 5321's path limit less its brackets). */
const MAX_EMAIL_LENGTH = 254;
/** Something, an @, a domain with a dot: the check GOV.UK's pattern asks for, no stricter. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The email entered, trimmed and lower-cased as accounts keep it (people copy a space with
 * it), or a problem in GOV.UK's words.
 */
export function enteredEmailOf(form: SignInForm): { email: string } | { problem: FormProblem } {
  const email = typeof form.email === 'string' ? form.email.trim().toLowerCase() : '';
  if (!email) return { problem: { text: 'Enter your email address', href: '#email' } };
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email))
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
