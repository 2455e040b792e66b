// GraphiQL with the API key kept in this browser (localStorage) and sent as a Bearer header over HTTP and
// as connectionParams over the WebSocket, so subscriptions work from the IDE too.
const keyInput = document.getElementById('api-key');
const params = new URLSearchParams(location.search);
if (params.get('key')) localStorage.setItem('crisis-api-key', params.get('key'));
const key = localStorage.getItem('crisis-api-key') ?? '';
keyInput.value = key;
document.getElementById('key-bar').addEventListener('submit', (event) => {
  event.preventDefault();
  localStorage.setItem('crisis-api-key', keyInput.value.trim());
  location.reload();
});

const url = `${location.origin}/graphql`;
const fetcher = GraphiQL.createFetcher({
  url,
  subscriptionUrl: url.replace(/^http/, 'ws'),
  headers: key ? { authorization: `Bearer ${key}` } : {},
  wsConnectionParams: key ? { authorization: `Bearer ${key}` } : {},
});
const defaultQuery = params.get('query') ?? '# Set your API key above, then run (Ctrl-Enter):\n{\n  viewer { name scopes organizations { id name slug } }\n}\n';
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: false, isHeadersEditorEnabled: true }),
);
