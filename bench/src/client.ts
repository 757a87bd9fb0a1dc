// The benchmarks' GraphQL client. A load generator shares the two cores with the system it
// measures, so it is kept light: node's http module over kept-alive connections costs ~0.1 ms of
// CPU per request where fetch (undici) cost ~0.5 ms.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { RunningSystem } from '@expensio/testing';

const agent = new HttpAgent({ keepAlive: true, maxFreeSockets: 256 });

function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface GqlResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One GraphQL request; throws when the answer has errors or no data. */
export async function gql<T>(url: string, query: string, variables: object = {}, token?: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await post(
    url,
    { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    JSON.stringify({ query, variables }),
  );
  const body = JSON.parse(res.text) as GqlResult<T>;
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors (${res.status}): ${JSON.stringify(body.errors)}`);
  return body.data;
}

export interface BenchUser {
  id: string;
  token: string;
}

/**
 * Signs a new user up by OTP, directly at the user subgraph (the code from the development
 * mailbox). `clientAddress` is forwarded: requestOtp is rate-limited per client address, and a
 * benchmark signing many users up from one address would hit the limit.
 */
export async function signUp(sys: RunningSystem, email: string, profile: { firstName: string; username: string }, clientAddress?: string): Promise<BenchUser> {
  const userUrl = `http://127.0.0.1:${sys.ports.user}/graphql`;
  const headers: Record<string, string> = clientAddress ? { 'x-forwarded-for': clientAddress } : {};
  await gql(userUrl, 'mutation($e: String!) { requestOtp(email: $e) { sent } }', { e: email }, undefined, headers);
  const { verifyOtp } = await gql<{ verifyOtp: { accessToken: string; user: { id: string } } }>(
    userUrl,
    'mutation($e: String!, $c: String!, $p: NewUserProfileInput) { verifyOtp(email: $e, code: $c, profile: $p) { accessToken user { id } } }',
    { e: email, c: await sys.latestCode(email), p: { ...profile, baseCurrency: 'USD', timeZone: 'UTC' } },
    undefined,
    headers,
  );
  return { id: verifyOtp.user.id, token: verifyOtp.accessToken };
}
