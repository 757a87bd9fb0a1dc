import { buildSubgraphSchema } from '@apollo/subgraph';
import { defaultFieldResolver, isObjectType, parse } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { badInput } from './errors.ts';
import { createLifecycle } from './lifecycle.ts';
import { createLogger } from './logger.ts';
import { createSubgraphServer } from './server.ts';
import type { SubgraphServer, SubgraphServerOptions } from './server.ts';

const typeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

  type Expense @key(fields: "id") {
    id: ID!
    title: String!
  }

  type Query {
    expense(id: ID!): Expense
    whoami: String
    failsOnPurpose: Expense
    failsByAccident: Expense
  }
`;

interface TestContext {
  user: string | undefined;
}

const resolvers: SubgraphServerOptions<TestContext>['resolvers'] = {
  Query: {
    expense: (_parent, args: { id: string }) => ({ id: args.id, title: 'Coffee' }),
    whoami: (_parent, _args, context) => context.user ?? null,
    failsOnPurpose: () => {
      throw badInput('Amount must be positive', 'input.amount');
    },
    failsByAccident: () => {
      throw new Error('connect ECONNREFUSED 10.0.0.7:27017');
    },
  },
  Expense: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id, title: 'Coffee' }),
  },
};

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    service: 'test',
    destination: {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    },
  });
  return { log, lines };
}

interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
}

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function query(
  url: string,
  source: string,
  headers?: Record<string, string>,
): Promise<GraphQLResponse> {
  const response = await post(url, { query: source }, headers);
  return (await response.json()) as GraphQLResponse;
}

const started: SubgraphServer<TestContext>[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

async function start(options: Partial<SubgraphServerOptions<TestContext>> = {}) {
  const { log, lines } = capturingLogger();
  const server = await createSubgraphServer<TestContext>({
    typeDefs,
    resolvers,
    log,
    context: async ({ req }) => ({ user: req.headers['x-test-user'] as string | undefined }),
    ...options,
  });
  started.push(server);
  const { url } = await server.listen(0, '127.0.0.1');
  const base = url.replace(/\/graphql$/, '');
  return { server, url, base, lines };
}

describe('createSubgraphServer', () => {
  it('answers a query over HTTP with the request context', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const result = await query(url, '{ expense(id: "e1") { id title } whoami }', {
      'x-test-user': 'u1',
    });
    expect(result).toEqual({ data: { expense: { id: 'e1', title: 'Coffee' }, whoami: 'u1' } });
  });

  it('is a federation subgraph: it serves _service and _entities', async () => {
    const { url } = await start();
    const sdl = await query(url, '{ _service { sdl } }');
    expect(JSON.stringify(sdl.data)).toContain('@key(fields: \\"id\\")');
    const entities = await query(
      url,
      '{ _entities(representations: [{ __typename: "Expense", id: "e9" }]) { ... on Expense { title } } }',
    );
    expect(entities.data).toEqual({ _entities: [{ title: 'Coffee' }] });
  });

  it('keeps the code of a domain error thrown by a resolver', async () => {
    const { url, lines } = await start();
    const result = await query(url, '{ failsOnPurpose { id } }');
    expect(result.errors).toEqual([
      {
        message: 'Amount must be positive',
        locations: [{ line: 1, column: 3 }],
        path: ['failsOnPurpose'],
        extensions: { code: 'BAD_USER_INPUT', field: 'input.amount' },
      },
    ]);
    expect(lines.filter((line) => line['level'] === 50)).toHaveLength(0);
  });

  it('masks an unexpected resolver error and logs its cause', async () => {
    const { url, lines } = await start();
    const response = await post(url, { query: '{ failsByAccident { id } }' });
    const text = await response.text();
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain('stacktrace');
    const result = JSON.parse(text) as GraphQLResponse;
    expect(result.errors?.[0]).toMatchObject({
      message: 'Internal server error',
      path: ['failsByAccident'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(lines.find((line) => line['msg'] === 'masked an unexpected error')).toMatchObject({
      err: { message: 'connect ECONNREFUSED 10.0.0.7:27017' },
    });
  });

  it('allows introspection outside production and refuses it in production', async () => {
    const development = await start({ nodeEnv: 'development' });
    expect((await query(development.url, '{ __schema { queryType { name } } }')).data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    const production = await start({ nodeEnv: 'production' });
    const refused = await query(production.url, '{ __schema { queryType { name } } }');
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('blocks a simple cross-site request (CSRF prevention)', async () => {
    const { url } = await start();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ whoami }' }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('CSRF');
  });

  it('answers 413 PAYLOAD_TOO_LARGE above the body limit', async () => {
    const { url } = await start({ bodyLimit: '1kb' });
    const response = await post(url, { query: `{ whoami }${' '.repeat(2_000)}` });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [
        { message: 'Request body is larger than 1kb', extensions: { code: 'PAYLOAD_TOO_LARGE' } },
      ],
    });
  });

  // JSON POSTs to /graphql skip express (graphqlPost.ts); these pin that they are answered as
  // express.json and the express integration answered them.
  it('answers a body that is not JSON, or JSON that is not an object or array, with 400 BAD_USER_INPUT', async () => {
    const { url } = await start();
    for (const body of ['{"query": "{ whoami }"', '"{ whoami }"', '42']) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] });
    }
  });

  it('answers 413 to a body over the limit sent without a length (chunked)', async () => {
    const { url } = await start({ bodyLimit: '1kb' });
    const chunks = [JSON.stringify({ query: '{ whoami }' }).slice(0, -1), `, "padding": "${'x'.repeat(2_000)}"}`];
    const stream = new ReadableStream({ start: (c) => (chunks.forEach((x) => c.enqueue(new TextEncoder().encode(x))), c.close()) });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('takes JSON with a charset, a query string and an empty body as express did', async () => {
    const { url } = await start();
    const withCharset = await fetch(`${url}?x=1`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'x-test-user': 'ada' }, body: JSON.stringify({ query: '{ whoami }' }) });
    expect(await withCharset.json()).toEqual({ data: { whoami: 'ada' } });
    const empty = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/POST body missing/);
    // A GET (and anything but a JSON POST) still goes through express.
    const get = await fetch(`${url}?query=${encodeURIComponent('{ whoami }')}`, { headers: { 'apollo-require-preflight': 'true', 'x-test-user': 'bob' } });
    expect(await get.json()).toEqual({ data: { whoami: 'bob' } });
  });

  it("gives the context function express's request, so req.ip follows the app's trust proxy", async () => {
    const { server, url } = await start({ context: async ({ req }) => ({ user: req.ip }) });
    server.app.set('trust proxy', true);
    expect(await query(url, '{ whoami }', { 'x-forwarded-for': '203.0.113.9' })).toEqual({ data: { whoami: '203.0.113.9' } });
    server.app.set('trust proxy', false);
    expect(await query(url, '{ whoami }', { 'x-forwarded-for': '203.0.113.9' })).toEqual({ data: { whoami: '127.0.0.1' } });
  });

  it('serves /healthz with 200', async () => {
    const { base } = await start();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 503 naming the failing check, then 200 once it passes', async () => {
    let mongoUp = false;
    const { base } = await start({
      readinessChecks: [
        { name: 'mongo', check: () => mongoUp },
        { name: 'kafka', check: async () => undefined },
      ],
    });
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      status: 'unavailable',
      lifecycle: 'running',
      failed: ['mongo'],
      checks: { mongo: 'check returned false', kafka: 'ok' },
    });

    mongoUp = true;
    const up = await fetch(`${base}/readyz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: 'ready', failed: [] });
  });

  it('fails a readiness check that throws or hangs', async () => {
    const { server, base } = await start();
    server.addReadinessCheck({
      name: 'pg',
      check: () => {
        throw new Error('password authentication failed');
      },
    });
    server.addReadinessCheck({
      name: 'slow',
      check: () => new Promise<void>(() => {}),
      timeoutMs: 20,
    });
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      failed: ['pg', 'slow'],
      checks: { pg: 'password authentication failed', slow: 'timed out after 20 ms' },
    });
  });

  it('is not ready until the lifecycle runs, and not ready while draining, though still live', async () => {
    const lifecycle = createLifecycle({ log: capturingLogger().log });
    const { server, base } = await start({ lifecycle });
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    lifecycle.markRunning();
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    let probed: [number, number] | undefined;
    lifecycle.addShutdownStep({ name: 'http', run: () => server.close() });
    lifecycle.addShutdownStep({
      name: 'probe while draining',
      run: async () => {
        probed = [(await fetch(`${base}/readyz`)).status, (await fetch(`${base}/healthz`)).status];
      },
    });
    const report = await lifecycle.shutdown();
    expect(report.ok).toBe(true);
    expect(probed).toEqual([503, 200]);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it('serves the routes the subgraph adds, before /graphql and the 404', async () => {
    const { url, base, lines } = await start({
      routes: (app) => {
        app.get('/.well-known/jwks.json', (_req, res) => {
          res.set('cache-control', 'public, max-age=300').json({ keys: [] });
        });
        app.get('/broken', () => {
          throw new Error('connect ECONNREFUSED 10.0.0.7:5432');
        });
      },
    });
    const jwks = await fetch(`${base}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    expect(jwks.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await jwks.json()).toEqual({ keys: [] });

    expect(await query(url, '{ whoami }', { 'x-test-user': 'u1' })).toEqual({
      data: { whoami: 'u1' },
    });
    const missing = await fetch(`${base}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }],
    });

    const broken = await fetch(`${base}/broken`);
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    expect(lines.find((line) => line['msg'] === 'unhandled HTTP error')).toMatchObject({
      err: { message: 'connect ECONNREFUSED 10.0.0.7:5432' },
    });
  });

  it('answers an unknown path with a JSON 404 when no routes are added', async () => {
    const { base } = await start();
    const response = await fetch(`${base}/.well-known/jwks.json`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }],
    });
  });

  it('applies transformSchema to the built subgraph schema, so schema directives work', async () => {
    // A schema directive as graphql-rate-limit-directive's would be: it wraps the resolvers of
    // the fields that carry it.
    const upperTypeDefs = /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

      directive @upper on FIELD_DEFINITION

      type Expense @key(fields: "id") {
        id: ID!
        title: String! @upper
      }

      type Query {
        expense(id: ID!): Expense
      }
    `;
    const upper = (schema: GraphQLSchema): GraphQLSchema => {
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type)) continue;
        for (const field of Object.values(type.getFields())) {
          if (!field.astNode?.directives?.some((d) => d.name.value === 'upper')) continue;
          const resolve = field.resolve ?? defaultFieldResolver;
          field.resolve = async (source, args, context, info) =>
            String(await resolve(source, args, context, info)).toUpperCase();
        }
      }
      return schema;
    };
    const { url } = await start({ typeDefs: upperTypeDefs, transformSchema: upper });

    expect(await query(url, '{ expense(id: "e1") { id title } }')).toEqual({
      data: { expense: { id: 'e1', title: 'COFFEE' } },
    });
    // Still a federation subgraph, and the directive applies to entities fetched by reference.
    const entities = await query(
      url,
      '{ _entities(representations: [{ __typename: "Expense", id: "e9" }]) { ... on Expense { title } } }',
    );
    expect(entities.data).toEqual({ _entities: [{ title: 'COFFEE' }] });
    const sdl = await query(url, '{ _service { sdl } }');
    expect(JSON.stringify(sdl.data)).toContain('@upper');
  });

  it('serves the schema transformSchema returns, given the one built from typeDefs and resolvers', async () => {
    let given: GraphQLSchema | undefined;
    const replacement = buildSubgraphSchema({
      typeDefs: parse('type Query { replaced: String }'),
      resolvers: { Query: { replaced: () => 'yes' } },
    });
    const { url } = await start({
      transformSchema: (schema) => {
        given = schema;
        return replacement;
      },
    });
    expect(given?.getQueryType()?.getFields()['whoami']).toBeDefined();
    expect(given?.getQueryType()?.getFields()['_entities']).toBeDefined();
    expect(await query(url, '{ replaced }')).toEqual({ data: { replaced: 'yes' } });
  });

  it('can be built and closed without ever listening', async () => {
    const { log } = capturingLogger();
    const server = await createSubgraphServer({ typeDefs, resolvers, log });
    const result = await server.apollo.executeOperation({
      query: '{ expense(id: "e2") { title } }',
    });
    expect(result.body.kind === 'single' && result.body.singleResult.data).toEqual({
      expense: { title: 'Coffee' },
    });
    await server.close();
    expect(server.httpServer.listening).toBe(false);
  });
});
