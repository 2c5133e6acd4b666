import { buildClientSchema, getIntrospectionQuery, IntrospectionQuery } from 'graphql';
import { TrackerServer } from './support/tracker-server';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

interface Answer {
  status: number;
  type: string | null;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions: any }[] };
}

/**
 * /graphql as the GraphQL over HTTP specification asks (issue 14): media types chosen by Accept,
 * with their status codes; `extensions: null`; validation refused alike whichever rule failed,
 * in the same words every time; and the standard introspection query answered to a signed-in
 * client while ordinary queries keep their limits.
 */
describe('GraphQL over HTTP', () => {
  const server = new TrackerServer('graphql-http');
  let token: string;

  beforeAll(async () => {
    await server.start();
    token = server.createToken('BOARD_MEMBER', 'Bea Board');
  });
  afterAll(() => server.dispose());

  const send = async (
    body: unknown,
    headers: Record<string, string> = {},
    { method = 'POST', signedIn = true } = {},
  ): Promise<Answer> => {
    const response = await fetch(
      method === 'GET'
        ? `${server.url}/graphql?${new URLSearchParams(body as Record<string, string>).toString()}`
        : `${server.url}/graphql`,
      {
        method,
        headers: {
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          ...(signedIn ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: method === 'POST' ? (typeof body === 'string' ? body : JSON.stringify(body)) : null,
      },
    );
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      headers: response.headers,
      body: (await response.json()) as Answer['body'],
    };
  };
  const inGraphQLResponse = { accept: GRAPHQL_RESPONSE };

  describe('media types', () => {
    it('answers application/graphql-response+json to a client that prefers it', async () => {
      for (const accept of [GRAPHQL_RESPONSE, `${GRAPHQL_RESPONSE}, application/json;q=0.9`]) {
        const answer = await send({ query: '{ whoAmI { name } }' }, { accept });
        expect(answer.status).toBe(200);
        expect(answer.type).toBe(`${GRAPHQL_RESPONSE}; charset=utf-8`);
        expect(answer.body).toEqual({ data: { whoAmI: { name: 'Bea Board' } } });
      }
    });

    it('answers application/json to a client that names no type, any type, or prefers JSON', async () => {
      for (const accept of [null, '*/*', `application/json, ${GRAPHQL_RESPONSE}`]) {
        const answer = await send({ query: '{ whoAmI { name } }' }, accept ? { accept } : {});
        expect(answer.type).toBe('application/json; charset=utf-8');
        expect(answer.body.data).toEqual({ whoAmI: { name: 'Bea Board' } });
      }
    });

    it('refuses a client that accepts neither (406) and a body that is not JSON (415)', async () => {
      const html = await send({ query: '{ whoAmI { name } }' }, { accept: 'text/html' });
      expect(html.status).toBe(406);
      expect(html.body.errors?.[0].message).toContain('application/graphql-response+json');
      const text = await send('{ whoAmI { name } }', { 'content-type': 'text/plain' });
      expect(text.status).toBe(415);
      expect(text.body.errors?.[0]).toMatchObject({
        message: expect.stringContaining('application/json'),
        extensions: { code: 'BAD_REQUEST' },
      });
    });

    it('accepts extensions and variables given as null', async () => {
      const answer = await send(
        { query: '{ whoAmI { name } }', variables: null, extensions: null, operationName: null },
        inGraphQLResponse,
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { whoAmI: { name: 'Bea Board' } } });
    });
  });

  describe('status codes', () => {
    /** One refusal of each of GraphQL's kinds before execution: syntax, rules, variables. */
    const refusedBeforeExecution = [
      { query: '{ whoAmI { name }' },
      { query: '{ unknownField }' },
      { query: 'query($unused: Int) { whoAmI { name } }' },
      {
        query: 'query($n: Int) { recommendations(first: $n) { totalCount } }',
        variables: { n: 'x' },
      },
      { query: 'query($id: String!) { recommendation(id: $id) { id } }', variables: {} },
    ];

    it('answers a request refused before it ran with 400 and no data, whichever rule failed', async () => {
      for (const request of refusedBeforeExecution) {
        const answer = await send(request, inGraphQLResponse);
        expect({ request, status: answer.status }).toEqual({ request, status: 400 });
        expect(answer.body).not.toHaveProperty('data');
        expect(answer.body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    });

    it('answers the same refusals 200 in application/json, with the same body', async () => {
      for (const request of refusedBeforeExecution) {
        const strict = await send(request, inGraphQLResponse);
        const legacy = await send(request);
        expect({ request, status: legacy.status }).toEqual({ request, status: 200 });
        expect(legacy.body).toEqual(strict.body);
      }
    });

    it('answers an error raised while running with 200 and its data', async () => {
      const answer = await send(
        { query: '{ recommendation(id: "NO-SUCH-THING") { id } }' },
        inGraphQLResponse,
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toHaveProperty('data', null);
      expect(answer.body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    });

    it('refuses introspection without a token with 401 in application/graphql-response+json', async () => {
      const answer = await send(
        { query: '{ __schema { queryType { name } } }' },
        inGraphQLResponse,
        {
          signedIn: false,
        },
      );
      expect(answer.status).toBe(401);
      expect(answer.body).not.toHaveProperty('data');
      expect(answer.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a mutation over GET with 405, whichever media type', async () => {
      const mutation = {
        query: 'mutation { rejectRecommendation(input: { id: "CSC-SWIS", reason: "x" }) { id } }',
      };
      for (const headers of [inGraphQLResponse, {}]) {
        const answer = await send(mutation, headers, { method: 'GET' });
        expect(answer.status).toBe(405);
        expect(answer.headers.get('allow')).toBe('POST');
        expect(answer.body.errors?.[0].extensions.code).toBe('BAD_REQUEST');
      }
      const query = await send({ query: '{ whoAmI { name } }' }, inGraphQLResponse, {
        method: 'GET',
      });
      expect(query.body.data).toEqual({ whoAmI: { name: 'Bea Board' } });
    });

    it('keeps 400 for a body that is not JSON, whichever media type', async () => {
      for (const headers of [inGraphQLResponse, {}]) {
        const answer = await send('{"query": ', headers);
        expect(answer.status).toBe(400);
        expect(answer.body.errors?.[0].extensions.code).toBe('BAD_REQUEST');
      }
    });
  });

  it('gives the same wrongly typed variable the same answer every time', async () => {
    // Mercurius skipped its own check on the request that compiled the query (JIT), and
    // graphql-jit worded the refusal otherwise: the second answer differed from the others.
    const request = {
      query: 'query($n: Int) { overdueMilestones(first: $n) { totalCount } }',
      variables: { n: 'ten' },
    };
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await send(request)).body);
    expect(answers[0].errors?.[0].message).toBe(
      'Variable "$n" got invalid value "ten"; Int cannot represent non-integer value: "ten"',
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  describe('introspection', () => {
    it('answers the standard introspection query to a signed-in client, and a schema is built from it', async () => {
      const answer = await send({ query: getIntrospectionQuery() }, inGraphQLResponse);
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      const schema = buildClientSchema(answer.body.data as IntrospectionQuery);
      expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(
        expect.arrayContaining(['recommendation', 'recommendations', 'whoAmI']),
      );
      expect(schema.getMutationType()?.getFields()).toHaveProperty('proposeRecommendation');
      expect(schema.getType('Recommendation')).toBeDefined();
    });

    it('still refuses it without a token', async () => {
      const answer = await send({ query: getIntrospectionQuery() }, {}, { signedIn: false });
      expect(answer.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('keeps the depth limit for what is not a type reference, naming it', async () => {
      // Ten levels, the args of args of directives: only ofType chains go uncounted.
      const deep =
        '{ __schema { directives { args { type { fields { args { type { fields { args { name } } } } } } } } } }';
      const answer = await send({ query: deep }, inGraphQLResponse);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(
          /too deep: it nests fields 10 levels deep, past the limit of 8/,
        ),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
    });
  });
});
