import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** The project root (this file is src/http/ in the sources, dist/src/http/ once built). */
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');

/**
 * Every file the browser pages need, served by this server (war rooms often have no internet, so no CDN):
 * the dashboard from public/, and GraphiQL, React and the graphql-ws client from node_modules. An explicit
 * list, read once: nothing else on disk is reachable.
 */
export function registerStaticAssets(fastify: FastifyInstance): void {
  const graphqlWs = path.join(packageDirectory('graphql-ws'), 'dist');
  const commonChunk = readdirMatching(graphqlWs, /^common-[\w-]+\.js$/);
  const files: Record<string, string> = {
    '/dashboard': path.join(ROOT, 'public/dashboard.html'),
    '/assets/dashboard.js': path.join(ROOT, 'public/dashboard.js'),
    '/assets/dashboard.css': path.join(ROOT, 'public/dashboard.css'),
    '/assets/ide.js': path.join(ROOT, 'public/ide.js'),
    '/assets/graphiql.min.js': path.join(packageDirectory('graphiql'), 'graphiql.min.js'),
    '/assets/graphiql.min.css': path.join(packageDirectory('graphiql'), 'graphiql.min.css'),
    '/assets/react.production.min.js': path.join(packageDirectory('react'), 'umd/react.production.min.js'),
    '/assets/react-dom.production.min.js': path.join(packageDirectory('react-dom'), 'umd/react-dom.production.min.js'),
    '/assets/graphql-ws/client.js': path.join(graphqlWs, 'client.js'),
    [`/assets/graphql-ws/${commonChunk}`]: path.join(graphqlWs, commonChunk),
  };
  for (const [url, file] of Object.entries(files)) {
    const body = readFileSync(file);
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    fastify.get(url, async (_request, reply) => reply.header('content-type', type).header('cache-control', 'no-cache').send(body));
  }
}

/** Where an installed package lives (its `exports` may hide the browser builds from require.resolve). */
function packageDirectory(name: string): string {
  let directory = path.dirname(require.resolve(name));
  while (path.basename(directory) !== name.split('/').at(-1) || !path.basename(path.dirname(directory)).startsWith('node_modules')) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`cannot find the ${name} package directory`);
    directory = parent;
  }
  return directory;
}

function readdirMatching(directory: string, pattern: RegExp): string {
  const match = readdirSync(directory).find((name) => pattern.test(name));
  if (!match) throw new Error(`graphql-ws client chunk not found in ${directory}`);
  return match;
}

/** The GraphiQL page Apollo serves on GET /graphql to browsers: queries, mutations and subscriptions, key settable. */
export const IDE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Crisis reputation API · GraphiQL</title>
  <link rel="stylesheet" href="/assets/graphiql.min.css">
  <style>
    body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    #key-bar { display: flex; gap: 8px; align-items: center; padding: 6px 12px; background: #0b2239; color: #fff; font-size: 13px; }
    #key-bar input { flex: 1; max-width: 520px; font-family: monospace; }
    #graphiql { flex: 1; }
  </style>
</head>
<body>
  <form id="key-bar"><label for="api-key">API key</label><input id="api-key" type="password" placeholder="crk_…" autocomplete="off"><button>Use key</button><a href="/dashboard" style="color:#9cf">Live dashboard</a></form>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/assets/react.production.min.js"></script>
  <script src="/assets/react-dom.production.min.js"></script>
  <script src="/assets/graphiql.min.js"></script>
  <script src="/assets/ide.js"></script>
</body>
</html>`;
