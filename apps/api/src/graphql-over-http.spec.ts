import {
  GRAPHQL_RESPONSE_JSON,
  isGraphQLRequestType,
  LEGACY_JSON,
  legacyJsonStatus,
  responseMediaType,
} from './graphql-over-http';

describe('responseMediaType', () => {
  it('answers application/json to a client that names no media type', () => {
    expect(responseMediaType(undefined)).toBe(LEGACY_JSON);
    expect(responseMediaType('*/*')).toBe(LEGACY_JSON);
    expect(responseMediaType('application/*')).toBe(LEGACY_JSON);
  });

  it('answers the media type the client prefers', () => {
    expect(responseMediaType('application/graphql-response+json')).toBe(GRAPHQL_RESPONSE_JSON);
    expect(responseMediaType('application/graphql-response+json, application/json')).toBe(
      GRAPHQL_RESPONSE_JSON,
    );
    expect(responseMediaType('application/json, application/graphql-response+json')).toBe(
      LEGACY_JSON,
    );
    expect(responseMediaType('application/json;q=0.9, application/graphql-response+json')).toBe(
      GRAPHQL_RESPONSE_JSON,
    );
    expect(responseMediaType('application/graphql-response+json;charset=utf-8')).toBe(
      GRAPHQL_RESPONSE_JSON,
    );
    // GraphiQL's own fetcher.
    expect(responseMediaType('application/json, multipart/mixed')).toBe(LEGACY_JSON);
  });

  it('finds none for a client that accepts neither', () => {
    expect(responseMediaType('text/html')).toBeNull();
    expect(responseMediaType('application/graphql-response+json;q=0')).toBeNull();
  });
});

describe('isGraphQLRequestType', () => {
  it('reads JSON bodies and bare documents, whatever their parameters', () => {
    expect(isGraphQLRequestType('application/json')).toBe(true);
    expect(isGraphQLRequestType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isGraphQLRequestType('application/graphql')).toBe(true);
  });

  it('refuses other bodies and none', () => {
    expect(isGraphQLRequestType('text/plain')).toBe(false);
    expect(isGraphQLRequestType('application/x-www-form-urlencoded')).toBe(false);
    expect(isGraphQLRequestType(undefined)).toBe(false);
  });
});

describe('legacyJsonStatus', () => {
  const refused = (code: string) => ({ errors: [{ extensions: { code } }] });

  it('answers 200 to a well-formed request that GraphQL refused', () => {
    expect(legacyJsonStatus(400, refused('GRAPHQL_VALIDATION_FAILED'))).toBe(200);
    expect(legacyJsonStatus(401, refused('UNAUTHENTICATED'))).toBe(200);
  });

  it('keeps the 4xx of a request that is not well-formed, and any 5xx', () => {
    expect(legacyJsonStatus(400, refused('BAD_REQUEST'))).toBe(400);
    expect(legacyJsonStatus(405, refused('BAD_REQUEST'))).toBe(405);
    expect(legacyJsonStatus(413, refused('PAYLOAD_TOO_LARGE'))).toBe(413);
    expect(legacyJsonStatus(500, refused('INTERNAL_SERVER_ERROR'))).toBe(500);
    expect(legacyJsonStatus(200, { data: {} })).toBe(200);
  });
});
