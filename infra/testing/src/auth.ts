import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet } from 'jose';

export interface TestAuth {
  /** The public keys, as the user subgraph serves them at /.well-known/jwks.json. */
  jwks: JSONWebKeySet;
  /** A signed access token for the user, like the user subgraph issues (EdDSA, 15 minutes). */
  token(userId: string, options?: { expiresInSeconds?: number }): Promise<string>;
  /** A token signed by a key nobody trusts: must be refused. */
  forgedToken(userId: string): Promise<string>;
}

/**
 * Keys and tokens for subgraph tests that need a signed-in user without running the user subgraph:
 * the subgraph under test verifies them exactly as it verifies real ones.
 */
export async function createTestAuth(): Promise<TestAuth> {
  const kid = randomUUID();
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const stranger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const sign = (userId: string, key: CryptoKey, expiresInSeconds: number) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(key);
  return {
    jwks: { keys: [jwk] },
    token: (userId, { expiresInSeconds = 900 } = {}) => sign(userId, privateKey, expiresInSeconds),
    forgedToken: (userId) => sign(userId, stranger.privateKey, 900),
  };
}
