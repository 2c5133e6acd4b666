// The dashboard's only way to the data: the GraphQL API (and the CSV import), with the bearer
// token the user pasted, kept in this tab's sessionStorage until sign-out or the tab closes.

const TOKEN_KEY = 'reform-tracker.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A refusal or failure, with the API's errors ({ message, extensions: { code, field, ... } }). */
export class ApiError extends Error {
  constructor(errors, status) {
    super(errors.map((error) => error.message).join('; '));
    this.errors = errors;
    this.status = status;
  }

  get code() {
    return this.errors[0]?.extensions?.code;
  }
}

const headers = (extra = {}) => {
  const token = session.token();
  return { ...extra, ...(token ? { authorization: `Bearer ${token}` } : {}) };
};

/** Tells the app that the token no longer works (revoked, or the server was reset). */
const signedOut = () => window.dispatchEvent(new CustomEvent('tracker:unauthenticated'));

async function post(query, variables) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ApiError([{ message: `The API could not be reached (${error.message})` }], 0);
  }
  const body = await response.json().catch(() => null);
  if (!body) {
    throw new ApiError([{ message: `The API answered ${response.status}` }], response.status);
  }
  return { ...body, status: response.status };
}

/** Runs a query or mutation; any error is thrown as an ApiError. */
export async function gql(query, variables = {}) {
  const body = await post(query, variables);
  if (body.errors?.length) {
    const error = new ApiError(body.errors, body.status);
    if (error.code === 'UNAUTHENTICATED') signedOut();
    throw error;
  }
  return body.data;
}

/**
 * Runs a query for one record that may not exist (at the date asked for): null when the API
 * answers NOT_FOUND; any other error is thrown.
 */
export async function gqlOrNull(query, variables = {}) {
  try {
    return await gql(query, variables);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * POST /imports/milestones with the file as a text/csv body: { status, body } as the API
 * answered (200 with the result, 422 with the refusal, 4xx with an error).
 */
export async function importMilestones(programmeId, file, dryRun) {
  const query = new URLSearchParams({ programme: programmeId, dryRun: String(dryRun) });
  const response = await fetch(`/imports/milestones?${query}`, {
    method: 'POST',
    headers: headers({ 'content-type': 'text/csv' }),
    body: file,
  });
  const body = await response.json().catch(() => null);
  if (response.status === 401) signedOut();
  return { status: response.status, body };
}
