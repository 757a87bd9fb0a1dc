import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleService } from './bundle.ts';
import { stateDir } from './paths.ts';

// A service-shaped fixture under the clone (so node_modules resolve as for a real service): its
// entry imports a workspace package, a third-party package and a module that reads a file next to
// its own source through import.meta.url.
describe('bundleService', () => {
  let pkg: string;
  beforeAll(async () => {
    await mkdir(join(stateDir, 'tmp'), { recursive: true });
    pkg = await mkdtemp(join(stateDir, 'tmp', 'bundle-'));
    await mkdir(join(pkg, 'src', 'deep'), { recursive: true });
    await writeFile(join(pkg, 'schema.txt'), 'schema next to the package');
    await writeFile(join(pkg, 'package.json'), '{ "name": "fixture", "private": true, "type": "module" }');
    await writeFile(
      join(pkg, 'src', 'deep', 'reads.ts'),
      "import { readFileSync } from 'node:fs';\nexport const text: string = readFileSync(new URL('../../schema.txt', import.meta.url), 'utf8');\n",
    );
    await writeFile(
      join(pkg, 'src', 'main.ts'),
      [
        "import { z } from 'zod';",
        "import { redact } from '@expensio/kit';",
        "import { text } from './deep/reads.ts';",
        'const n: number = z.number().parse(1234);',
        'console.log(JSON.stringify({ text, n, redacted: redact({ password: "p" }) }));',
      ].join('\n'),
    );
  });
  afterAll(() => rm(pkg, { recursive: true, force: true }));

  it('writes <package>/dist/main.mjs that runs under plain node, reading files beside its sources', async () => {
    const out = await bundleService(join(pkg, 'src', 'main.ts'));
    expect(out).toBe(join(pkg, 'dist', 'main.mjs'));
    const { stdout } = await promisify(execFile)(process.execPath, [out]);
    expect(JSON.parse(stdout)).toEqual({ text: 'schema next to the package', n: 1234, redacted: { password: '[REDACTED]' } });
    const code = await readFile(out, 'utf8');
    // Third-party packages stay imports; the workspace package is inside the bundle.
    expect(code).toMatch(/from "zod"/);
    expect(code).not.toMatch(/from "@expensio\/kit"/);
  });
});
