import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSubgraphFetcher } from './subgraphFetcher.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? (server.closeAllConnections(), server.close(() => r())) : r())));

/** A subgraph stand-in on a free port; `connections` counts the TCP connections it accepted. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const stats = { connections: 0 };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', () => (stats.connections += 1));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, stats };
}

const post = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, body: JSON.stringify(body) });

describe('createSubgraphFetcher', () => {
  it('given a POST, then the subgraph gets method, headers and body, and the answer reads as fetch would', async () => {
    const { url } = await serve((req, res, body) => {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'private, max-age=0');
      res.end(JSON.stringify({ data: { echo: JSON.parse(body) as unknown, method: req.method, auth: req.headers.authorization } }));
    });
    const res = await createSubgraphFetcher()(url, post({ query: '{ a }' }));
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('Cache-Control')).toBe('private, max-age=0');
    expect(await res.json()).toEqual({ data: { echo: { query: '{ a }' }, method: 'POST', auth: 'Bearer t' } });
  });

  it('given an error status, then ok is false and the body is still readable', async () => {
    const { url } = await serve((_req, res) => {
      res.statusCode = 503;
      res.end('down');
    });
    const res = await createSubgraphFetcher()(url, post({}));
    expect([res.ok, res.status, await res.text()]).toEqual([false, 503, 'down']);
  });

  it('given requests one after another, then they share one kept-alive connection', async () => {
    const { url, stats } = await serve((_req, res) => res.end('{}'));
    const fetcher = createSubgraphFetcher();
    for (let i = 0; i < 5; i++) await (await fetcher(url, post({}))).json();
    expect(stats.connections).toBe(1);
  });

  it('given a kept-alive connection the subgraph drops as it is reused, then the request is sent again on a new one', async () => {
    let served = 0;
    const { url, stats } = await serve((req, res) => {
      served += 1;
      if (served === 2) req.socket.destroy(); // as a subgraph closing an idle connection would
      else res.end('{"n":1}');
    });
    const fetcher = createSubgraphFetcher();
    await (await fetcher(url, post({}))).json();
    expect(await (await fetcher(url, post({}))).json()).toEqual({ n: 1 });
    expect(stats.connections).toBe(2);
  });

  it('given a connection that breaks once the answer has begun, then the request is not sent again (it may be a mutation)', async () => {
    let served = 0;
    const { url } = await serve((req, res) => {
      served += 1;
      if (served === 1) return void res.end('{}');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const fetcher = createSubgraphFetcher();
    await (await fetcher(url, post({}))).json();
    await expect(fetcher(url, post({}))).rejects.toThrow();
    expect(served).toBe(2);
  });

  it('given a subgraph that never answers, then the request fails after the timeout', async () => {
    const { url } = await serve(() => {});
    await expect(createSubgraphFetcher({ timeoutMs: 100 })(url, post({}))).rejects.toThrow(/no answer from the subgraph/);
  });
});
