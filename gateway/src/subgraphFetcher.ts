// How the gateway sends HTTP requests to the subgraphs: node's http module over keep-alive
// connections. Apollo's default client (make-fetch-happen on @npmcli/agent) cost ~350-450 µs of
// CPU per call more (a loopback micro-benchmark, 83-136 against 430-560 µs per request): among
// other things agent-base builds an Error and formats its stack trace on every request to guess
// its own protocol. A federated query makes up to three subgraph calls; the gateway's CPU is the
// product's latency under load on two cores. Node's fetch (undici) measured as costly as the default.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherHeaders = FetcherResponse['headers'];

/** Response headers, read-only in practice (the data source only reads content-type and cache-control). */
function headersOf(raw: IncomingHttpHeaders): FetcherHeaders {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) map.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const headers: FetcherHeaders = {
    append: (name, value) => void map.set(name.toLowerCase(), map.has(name.toLowerCase()) ? `${map.get(name.toLowerCase())}, ${value}` : value),
    delete: (name) => void map.delete(name.toLowerCase()),
    get: (name) => map.get(name.toLowerCase()) ?? null,
    has: (name) => map.has(name.toLowerCase()),
    set: (name, value) => void map.set(name.toLowerCase(), value),
    entries: () => map.entries(),
    keys: () => map.keys(),
    values: () => map.values(),
    [Symbol.iterator]: () => map.entries(),
  };
  return headers;
}

function responseOf(url: string, res: IncomingMessage, body: Buffer): FetcherResponse {
  const status = res.statusCode ?? 0;
  const response: FetcherResponse = {
    bodyUsed: false,
    url,
    redirected: false,
    status,
    ok: status >= 200 && status < 300,
    statusText: res.statusMessage ?? '',
    headers: headersOf(res.headers),
    // The body is read whole before the response is handed over: subgraph answers are JSON the
    // gateway parses in full anyway, so these only decode it.
    arrayBuffer: () => Promise.resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer),
    text: () => Promise.resolve(body.toString('utf8')),
    json: () => Promise.resolve(JSON.parse(body.toString('utf8')) as unknown),
    clone: () => responseOf(url, res, body),
  };
  return response;
}

export interface SubgraphFetcherOptions {
  /** A request whose connection stays silent this long fails. Default 60 s. */
  timeoutMs?: number;
  /** Idle connections kept per subgraph. Default 64. */
  maxFreeSockets?: number;
}

/** A fetcher for RemoteGraphQLDataSource (`fetcher` option), one keep-alive pool per protocol. */
export function createSubgraphFetcher({ timeoutMs = 60_000, maxFreeSockets = 64 }: SubgraphFetcherOptions = {}): Fetcher {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxFreeSockets }),
    'https:': new HttpsAgent({ keepAlive: true, maxFreeSockets }),
  };
  function send(url: string, init: NonNullable<Parameters<Fetcher>[1]>, retried: boolean): Promise<FetcherResponse> {
    return new Promise<FetcherResponse>((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        reject(new Error(`unsupported protocol for a subgraph: ${target.protocol}`));
        return;
      }
      const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
      let answered = false;
      const req = request(target, { method: init.method ?? 'GET', headers: init.headers, agent: agents[target.protocol], timeout: timeoutMs }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(responseOf(url, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from the subgraph for ${timeoutMs} ms`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive connection the subgraph closed just as we reused it: the request never
        // reached it (node's documented case), so it is sent once more on a fresh connection.
        // Never once an answer has begun: the subgraph had the request then (it may be a mutation).
        // Node reports such a break on the response, not here; the flag keeps it that way.
        if (req.reusedSocket && err.code === 'ECONNRESET' && !answered && !retried) send(url, init, true).then(resolve, reject);
        else reject(err);
      });
      req.end(init.body);
    });
  }
  return (url, init = {}) => send(url, init, false);
}
