/** A problem with a form, as GOV.UK's error summary lists it. */
export interface FormProblem {
  text: string;
  href: string;
}

/** What the sign-in form sends. */
export interface SignInForm {
  token?: unknown;
  next?: unknown;
}

/** The token pasted, trimmed (people copy a space or a line break with it), or a problem. */
export function pastedTokenOf(form: SignInForm): { token: string } | { problem: FormProblem } {
  const token = typeof form.token === 'string' ? form.token.trim() : '';
  return token ? { token } : { problem: { text: 'Enter your access token', href: '#token' } };
}

export const UNKNOWN_TOKEN: FormProblem = {
  text: 'Enter a current access token: this one is not recognised or has been revoked',
  href: '#token',
};

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
