import { inlineScriptHash, siteContentSecurityPolicy } from './content-security-policy';

describe("the site's content security policy", () => {
  it("allows the inline script of GOV.UK's template by its hash, as GOV.UK Frontend documents it", () => {
    // The hash GOV.UK Frontend publishes for the template's script (v5.0 onwards).
    expect(siteContentSecurityPolicy()).toContain(
      "script-src 'self' 'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='",
    );
    expect(siteContentSecurityPolicy()).not.toContain('unsafe-inline');
  });

  it("lets forms lead to this origin, and to the single sign-on provider's when there is one", () => {
    const formAction = (policy: string) =>
      policy.split('; ').filter((directive) => directive.startsWith('form-action'));
    expect(formAction(siteContentSecurityPolicy())).toEqual(["form-action 'self'"]);
    expect(formAction(siteContentSecurityPolicy('https://oidc.signin.education.gov.uk'))).toEqual([
      "form-action 'self' https://oidc.signin.education.gov.uk",
    ]);
  });

  it('hashes the script as written, and refuses a template with more or fewer', () => {
    expect(inlineScriptHash('<script nonce="x">a()</script>')).toBe(
      "'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='",
    );
    expect(() => inlineScriptHash('<p>none</p>')).toThrow(/found 0/);
  });
});
