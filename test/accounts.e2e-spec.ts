import { errorCode, TrackerServer } from './support/tracker-server';

const ACCOUNT = 'id email name role organisation areaCodes active digest sessionsEndedAt version';
const ADD = `mutation ($input: AddAccountInput!) { addAccount(input: $input) { ${ACCOUNT} } }`;
const CHANGE = `mutation ($input: ChangeAccountInput!) { changeAccount(input: $input) { ${ACCOUNT} } }`;
const step = (name: string) =>
  `mutation ($input: AccountInput!) { ${name}(input: $input) { ${ACCOUNT} } }`;
const LIST = `query ($role: Role, $active: Boolean) { accounts(role: $role, active: $active) { ${ACCOUNT} } }`;

const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';

// Each token is made by the tracker CLI, which opens the store: slow on a busy machine.
jest.setTimeout(120_000);

/** Admins manage accounts over GraphQL; nobody else may. */
describe('accounts over GraphQL', () => {
  const server = new TrackerServer('accounts');
  const tokens: Record<string, string> = {};
  const admin = (query: string, variables: Record<string, unknown> = {}) =>
    server.gql(query, variables, tokens.admin);
  const list = async (variables: Record<string, unknown> = {}) =>
    (await admin(LIST, variables)).data!.accounts as Record<string, any>[];
  const head = async () => (await server.healthDetail()).body.store.headPosition;
  const lou = {
    email: ' Lou@Lambeth.gov.uk',
    name: 'Lou Officer',
    role: 'LOCAL_AUTHORITY',
    organisation: 'Lambeth and Southwark',
    areaCodes: [LAMBETH, SOUTHWARK],
  };

  beforeAll(async () => {
    await server.start();
    tokens.admin = server.createToken('ADMIN', 'Ann Admin');
    tokens.board = server.createToken('BOARD_MEMBER', 'Ada Board');
    tokens.officer = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
  });
  afterAll(() => server.dispose());

  it('refuses every role but admin, for the list and for each change', async () => {
    for (const token of [tokens.board, tokens.officer]) {
      expect(errorCode(await server.gql(LIST, {}, token))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(ADD, { input: lou }, token))).toBe('FORBIDDEN');
      expect(
        errorCode(
          await server.gql(step('deactivateAccount'), { input: { accountId: 'x' } }, token),
        ),
      ).toBe('FORBIDDEN');
    }
    expect(errorCode(await server.gql(LIST))).toBe('UNAUTHENTICATED');
    expect(await list()).toEqual([]);
  });

  it('adds an officer of two areas, listed at once, and a retry writes nothing', async () => {
    const input = { ...lou, commandId: 'add-lou', reason: 'Joins the programme' };
    const added = await admin(ADD, { input });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addAccount).toMatchObject({
      email: 'lou@lambeth.gov.uk',
      areaCodes: [LAMBETH, SOUTHWARK],
      active: true,
      digest: 'WEEKLY',
      sessionsEndedAt: null,
      version: 1,
    });
    const before = await head();
    const retried = await admin(ADD, { input });
    expect(retried.data!.addAccount).toEqual(added.data!.addAccount);
    expect(await head()).toBe(before);
    expect(await list({ role: 'LOCAL_AUTHORITY' })).toEqual([added.data!.addAccount]);
    expect(await list({ role: 'AUDITOR' })).toEqual([]);
  });

  it('refuses bad input naming the field and the rule, writing no event', async () => {
    const before = await head();
    const refused = async (input: Record<string, unknown>) =>
      (await admin(ADD, { input: { ...lou, email: 'new@lambeth.gov.uk', ...input } })).errors?.[0];
    expect(await refused({ email: 'lou at lambeth' })).toMatchObject({
      message: 'email must be an email address in the correct format, like name@example.gov.uk',
      extensions: { code: 'BAD_USER_INPUT', field: 'email', rule: 'emailAddress' },
    });
    expect((await refused({ name: 'Lou\u0007' }))?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
    expect((await refused({ areaCodes: [] }))?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'areaCodes',
      rule: 'required',
    });
    expect((await refused({ areaCodes: ['E09999999'] }))?.extensions).toMatchObject({
      code: 'UNKNOWN_AREA',
      field: 'areaCodes',
    });
    expect(await refused({ email: 'LOU@lambeth.gov.uk' })).toMatchObject({
      message: 'An account with this email already exists',
      extensions: { code: 'ALREADY_EXISTS', field: 'email' },
    });
    expect(await head()).toBe(before);
    expect(await list()).toHaveLength(1);
  });

  it('gives one account to five admins adding the same email at once', async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        admin(ADD, {
          input: {
            email: 'sam@example.gov.uk',
            name: `Sam ${n}`,
            role: 'AUDITOR',
            organisation: 'NAO',
          },
        }),
      ),
    );
    expect(answers.filter((answer) => !answer.errors)).toHaveLength(1);
    for (const answer of answers.filter((a) => a.errors)) {
      expect(answer.errors![0]).toMatchObject({
        message: 'An account with this email already exists',
        extensions: { code: 'ALREADY_EXISTS' },
      });
    }
    expect((await list()).filter((account) => account.email === 'sam@example.gov.uk')).toHaveLength(
      1,
    );
  });

  it('changes only what is given, deactivates, reactivates and ends sessions, each with a reason', async () => {
    const [account] = await list({ role: 'LOCAL_AUTHORITY' });
    const accountId = account.id;
    const changed = await admin(CHANGE, {
      input: { accountId, role: 'BOARD_MEMBER', reason: 'Joined the board' },
    });
    expect(changed.data!.changeAccount).toMatchObject({
      role: 'BOARD_MEMBER',
      areaCodes: [],
      name: 'Lou Officer',
    });
    expect(
      (await admin(CHANGE, { input: { accountId, role: 'BOARD_MEMBER', reason: 'again' } }))
        .errors?.[0].extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'changes' });
    expect(
      (await admin(step('deactivateAccount'), { input: { accountId } })).errors?.[0].extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason', rule: 'required' });
    const deactivated = await admin(step('deactivateAccount'), {
      input: { accountId, reason: 'Left' },
    });
    expect(deactivated.data!.deactivateAccount.active).toBe(false);
    expect(await list({ active: false })).toEqual([deactivated.data!.deactivateAccount]);
    expect(
      errorCode(await admin(step('deactivateAccount'), { input: { accountId, reason: 'Left' } })),
    ).toBe('INVALID_TRANSITION');
    const reactivated = await admin(step('reactivateAccount'), {
      input: { accountId, reason: 'Back' },
    });
    expect(reactivated.data!.reactivateAccount.active).toBe(true);
    const ended = await admin(step('endAccountSessions'), {
      input: { accountId, reason: 'Lost laptop' },
    });
    expect(ended.data!.endAccountSessions.sessionsEndedAt).toEqual(expect.any(String));
    expect(
      errorCode(
        await admin(step('reactivateAccount'), { input: { accountId: 'nobody', reason: 'x' } }),
      ),
    ).toBe('NOT_FOUND');
  });
});

/** `npm start` on a store with no admin says, in one line, how to make one and where to sign in. */
describe('a first run', () => {
  const server = new TrackerServer('first-run', { LOG_LEVEL: 'info' });
  afterAll(() => server.dispose());

  /** The server's log up to the line that says it listens (the hint comes just before it). */
  const logOnStart = async (): Promise<{ msg: string }[]> => {
    await server.start();
    for (let waited = 0; waited < 10_000; waited += 100) {
      const lines = server.recentLog.map((line) => JSON.parse(line) as { msg: string });
      if (lines.some((line) => line.msg === 'Reform Tracker is listening')) return lines;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the server did not log that it listens');
  };
  const hints = (lines: { msg: string }[]) =>
    lines.filter((line) => line.msg.startsWith('No admin account yet'));

  it('says how to create the first admin until there is an active one', async () => {
    const [hint, ...more] = hints(await logOnStart());
    expect(more).toEqual([]);
    expect(hint).toMatchObject({
      level: 'info',
      msg: `No admin account yet: create the first with npm run -s tracker -- account add --role ADMIN --email you@example.gov.uk --name "Your Name" --organisation "Your organisation", then sign in at ${server.url}/sign-in`,
    });
    await server.stop();
    server.tracker(
      'account',
      'add',
      '--role',
      'ADMIN',
      '--email',
      'you@example.gov.uk',
      '--name',
      'Your Name',
      '--organisation',
      'Your organisation',
    );
    expect(hints(await logOnStart())).toEqual([]);
  });
});
