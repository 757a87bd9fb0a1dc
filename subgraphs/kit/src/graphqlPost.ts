// The hot path of a GraphQL server, a JSON POST to /graphql, served without express's router and
// body parser: everything else (GET, the landing page, other content types, other routes) still
// goes through the express app. On this machine express cost ~110 µs of CPU per request over
// node's http, and its ETag (a hash of every response body, of no use to a POST) ~55 µs more
// (an echo micro-benchmark: 240 against 72 µs per request, client included), while a subgraph
// answers a simple query in ~450 µs and a federated query crosses two servers.
//
// What a request sees is unchanged: the same Apollo Server call as @as-integrations/express5,
// `req.ip` computed by express under the app's `trust proxy`, and a body express.json would refuse
// refused with the same answers (`tooLarge`, `invalidJson`). `req` and `res` keep node's own
// prototypes: giving them express's (as express does on every request) cost the gateway ~15% of
// its CPU per request (470-540 against 440-450 µs, a stub subgraph, three pairs), because node's
// http code then reads and writes objects whose prototype changed under it.
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';
import { expressMiddleware, type ExpressContextFunctionArgument } from '@as-integrations/express5';
import express from 'express';
import { INTERNAL_ERROR_MESSAGE } from './errors.ts';

/** An answer given instead of running the operation (a refused body, a rate limit). */
export interface Refusal {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** Writes a refusal as JSON with node's own response methods, on either path. */
function sendRefusal(res: ServerResponse, { status, headers, body }: Refusal): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export interface GraphQLPostOptions<TContext extends BaseContext> {
  /** Serves every request that is not a JSON POST to `path`; its `trust proxy` decides `req.ip`. */
  app: express.Express;
  apollo: ApolloServer<TContext>;
  context: ContextFunction<[ExpressContextFunctionArgument], TContext>;
  /** Default `/graphql`. */
  path?: string;
  /** Largest body, in express.json syntax (`100kb`, `1mb`). */
  bodyLimit: string;
  /** Runs first; a refusal is sent instead of the operation (e.g. rate limited). */
  admit?: (req: express.Request) => Refusal | undefined | Promise<Refusal | undefined>;
  tooLarge: Refusal;
  invalidJson: Refusal;
  log: { error(details: object, message: string): void };
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `100kb` -> 102400, as express.json reads its `limit`. */
function parseByteLimit(limit: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!m) throw new Error(`not a byte size: "${limit}"`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!);
}

/** A JSON POST to `path` in UTF-8, not compressed: the only requests this path takes. */
function isPlainJsonPost(req: IncomingMessage, path: string): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (!(url === path || (url.startsWith(path) && url[path.length] === '?'))) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = req.headers['content-type'];
  if (type === undefined) return false;
  const [media, ...params] = type.toLowerCase().split(';').map((s) => s.trim());
  if (media !== 'application/json') return false;
  return params.every((p) => p === '' || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

/** The body, or undefined once it passed `limit` (the rest is drained). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        if (chunks.length) chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')));
    req.on('error', reject);
  });
}

/** JSON as express.json's strict mode takes it: an object or array; an empty body is `{}`. */
function parseStrict(text: string): { ok: true; body: unknown } | { ok: false } {
  const start = text.search(/\S/);
  if (start < 0) return { ok: true, body: {} };
  if (text[start] !== '{' && text[start] !== '[') return { ok: false };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** `req.ip` as express computes it (its getter, under the app's `trust proxy`), without its prototype. */
function expressIp(app: express.Express, req: IncomingMessage): string | undefined {
  const withApp = req as IncomingMessage & { app?: express.Express };
  withApp.app ??= app;
  return Reflect.get(app.request, 'ip', withApp) as string | undefined;
}

/**
 * Serves GraphQL at `path`: JSON POSTs on this file's path, everything else (GET, the landing page,
 * other content types) through the express app, with the same `admit` and the same refusals of a
 * body. Call it where the app's `path` route belongs among its routes (express reads its routes
 * when a request comes, so the listener may be added now).
 */
export function serveGraphQL<TContext extends BaseContext>(server: Server, options: GraphQLPostOptions<TContext>): void {
  const { app, apollo, context, path = '/graphql', bodyLimit, admit, tooLarge, invalidJson } = options;
  if (admit) {
    app.use(path, async (req, res, next) => {
      const refusal = await admit(req);
      if (refusal) sendRefusal(res, refusal);
      else next();
    });
  }
  app.use(
    path,
    express.json({ limit: bodyLimit }),
    (err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      const type = (err as { type?: string } | undefined)?.type;
      if (type === 'entity.too.large') sendRefusal(res, tooLarge);
      else if (type === 'entity.parse.failed') sendRefusal(res, invalidJson);
      else next(err);
    },
    expressMiddleware(apollo, { context }),
  );
  server.on('request', graphqlRequestListener(options));
}

/** The server's request listener: JSON POSTs to `path` here, the rest to the express app. */
function graphqlRequestListener<TContext extends BaseContext>(options: GraphQLPostOptions<TContext>): RequestListener {
  const { app, apollo, context, path = '/graphql', admit, tooLarge, invalidJson, log } = options;
  const limit = parseByteLimit(options.bodyLimit);

  async function serve(req: express.Request, res: express.Response): Promise<void> {
    const refusal = admit && (await admit(req));
    if (refusal) {
      req.resume();
      return sendRefusal(res, refusal);
    }
    const text = await readBody(req, limit);
    if (text === undefined) return sendRefusal(res, tooLarge);
    const parsed = parseStrict(text);
    if (!parsed.ok) return sendRefusal(res, invalidJson);
    req.body = parsed.body;

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: query < 0 ? '' : url.slice(query), body: req.body },
      context: () => context({ req, res }),
    });
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(answer.body.string));
      res.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return (rawReq, rawRes) => {
    if (!isPlainJsonPost(rawReq, path)) {
      app(rawReq, rawRes);
      return;
    }
    // Typed as express's for the context function, which reads `headers` and `ip` (below); the
    // objects are node's own (see the top of this file).
    const req = rawReq as express.Request;
    const res = rawRes as express.Response;
    Object.defineProperty(req, 'ip', { configurable: true, enumerable: true, get: () => expressIp(app, rawReq) });
    serve(req, res).catch((err: unknown) => {
      log.error({ err }, 'unhandled error serving a GraphQL request');
      if (res.headersSent) res.destroy();
      else sendRefusal(res, { status: 500, body: { errors: [{ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } });
    });
  };
}
