/* global React, ReactDOM, GraphiQL */
// GraphiQL on this server's own copies of its scripts (see apps/api/src/graphiql.ts). Queries go
// to /graphql with the headers typed into GraphiQL's headers editor; subscriptions go over a
// WebSocket, where browsers cannot set headers, so the token rides in connection_init instead.

const graphqlUrl = new URL('/graphql', window.location.href);
const websocketUrl = new URL(graphqlUrl);
websocketUrl.protocol = graphqlUrl.protocol === 'https:' ? 'wss:' : 'ws:';

/** The Authorization header entered in GraphiQL (it keeps its headers in localStorage). */
function enteredAuthorization() {
  try {
    const headers = JSON.parse(window.localStorage.getItem('graphiql:headers') || '{}');
    const name = Object.keys(headers).find((key) => key.toLowerCase() === 'authorization');
    return name ? { authorization: headers[name] } : {};
  } catch {
    return {};
  }
}

const fetcher = GraphiQL.createFetcher({
  url: graphqlUrl.href,
  subscriptionUrl: websocketUrl.href,
  wsConnectionParams: enteredAuthorization,
});

ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    shouldPersistHeaders: true,
    defaultEditorToolsVisibility: 'headers',
    defaultHeaders: '{\n  "Authorization": "Bearer "\n}',
  }),
);
