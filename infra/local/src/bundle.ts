/**
 * Services run as one bundled ES module each, not through tsx. A process started with
 * `--import tsx` carries tsx's module-loader thread (a second V8 isolate) and its transpile state:
 * financial-data's imports measured 160 MB resident under tsx against 92 MB bundled, and "every
 * process under 300 MB" is a target (issues 3, 6, 7). It also starts faster.
 *
 * The bundle holds the service's own TypeScript and the workspace packages it imports
 * (`@expensio/*`, whose package entries are .ts); third-party packages stay imports resolved from
 * node_modules at run time, so they load exactly as they do under tsx and in the tests.
 *
 * It is written to `<package>/dist/<entry>.mjs` (the nearest folder up from the entry with a
 * package.json), so bare imports resolve from the same node_modules folders as the source's. Each
 * module's `import.meta.url` keeps naming its own source file, so `new URL('../schema.graphql',
 * import.meta.url)` and the like find the same files as under tsx.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** Bare imports other than our workspace packages are left to node (and node_modules). */
const thirdPartyExternal: Plugin = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@expensio/') ? undefined : { path: args.path, external: true }));
  },
};

/** In a bundle, `import.meta.url` would name the bundle; each of our modules gets its own file's URL. */
const ownImportMetaUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

function packageRoot(entry: string): string {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${entry}`);
  }
}

/** Bundles `entry` (a service's src/main.ts) and returns the path of the module to run with node. */
export async function bundleService(entry: string): Promise<string> {
  const out = join(packageRoot(entry), 'dist', basename(entry).replace(/\.ts$/, '.mjs'));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [thirdPartyExternal, ownImportMetaUrl],
    // Not loaded by default: node's --enable-source-maps parses the maps of every module that ships
    // one (node_modules' included), +14 MB resident for financial-data. Run a service with
    // NODE_OPTIONS=--enable-source-maps for stack traces in TypeScript lines.
    sourcemap: 'linked',
    write: false,
    outfile: out,
    logLevel: 'silent',
  });
  await mkdir(dirname(out), { recursive: true });
  // Several test workers may bundle the same service at once: each writes its own temporary file
  // and renames it into place, so a reader never sees a half-written module.
  const tmp = `.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  await Promise.all(
    result.outputFiles.map(async (f) => {
      await writeFile(f.path + tmp, f.contents);
      await rename(f.path + tmp, f.path);
    }),
  );
  return out;
}
