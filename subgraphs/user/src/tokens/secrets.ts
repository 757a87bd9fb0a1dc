import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import type { JWK } from 'jose';

export interface SigningKey {
  readonly privateKey: KeyObject;
  /** The public half as served in the JWKS (`kid`, `alg`, `use` set). */
  readonly publicJwk: JWK;
  readonly kid: string;
}

export interface Secrets {
  readonly signingKey: SigningKey;
  /** HMAC key for OTP codes. */
  readonly otpSecret: Uint8Array;
}

export interface LoadSecretsOptions {
  /** Ed25519 PKCS#8 PEM (JWT_PRIVATE_KEY). Default: a development key under `keysDir`. */
  privateKeyPem?: string;
  /** OTP_SECRET. Default: a development secret under `keysDir`. */
  otpSecret?: string;
  /** Where development keys are generated and kept (`<state dir>/keys`). */
  keysDir: string;
  /** Generating keys is refused in production: a restart would invalidate every token. */
  nodeEnv: string;
}

export async function signingKeyFromPem(pem: string): Promise<SigningKey> {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `JWT_PRIVATE_KEY must be an Ed25519 key (got ${String(privateKey.asymmetricKeyType)})`,
    );
  }
  const jwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, kid, publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' } };
}

/** Reads `file`, or writes `create()` to it first (mode 600) when it does not exist. */
async function readOrCreate(file: string, create: () => string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, create(), { mode: 0o600, flag: 'wx' }).catch(
      (err: NodeJS.ErrnoException) => {
        // Another process created it at the same moment: use theirs.
        if (err.code !== 'EEXIST') throw err;
      },
    );
    return readFile(file, 'utf8');
  }
}

export async function loadSecrets(options: LoadSecretsOptions): Promise<Secrets> {
  const production = options.nodeEnv === 'production';
  if (production && (options.privateKeyPem === undefined || options.otpSecret === undefined)) {
    throw new Error('JWT_PRIVATE_KEY and OTP_SECRET must be set in production');
  }
  const pem =
    options.privateKeyPem ??
    (await readOrCreate(join(options.keysDir, 'jwt-ed25519.pem'), () =>
      generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    ));
  const otpSecret =
    options.otpSecret ??
    (await readOrCreate(join(options.keysDir, 'otp-secret'), () =>
      randomBytes(32).toString('base64url'),
    ));
  return {
    signingKey: await signingKeyFromPem(pem),
    otpSecret: Buffer.from(otpSecret.trim(), 'utf8'),
  };
}
