// Bundles one app's TypeScript (its own code and the workspace libs) into dist/apps/<app>/main.js.
// npm packages stay external (resolved from node_modules at run time). esbuild cannot emit
// decorator metadata, which Nest and class-validator rely on, so .ts files are first
// transpiled by TypeScript itself (transpileModule honours emitDecoratorMetadata) and esbuild
// only resolves the workspace path aliases and bundles.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

const [app, entry = `apps/${app}/src/main.ts`] = process.argv.slice(2);
if (!app) {
  console.error('usage: node tools/build/build-app.mjs <app> [entry]');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '../..');
const base = JSON.parse(readFileSync(resolve(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;

const tsTranspile = {
  name: 'typescript-transpile',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const out = ts.transpileModule(source, {
        fileName: args.path,
        compilerOptions: {
          target: ts.ScriptTarget.ES2023,
          module: ts.ModuleKind.ESNext,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          sourceMap: false,
          inlineSourceMap: true,
          inlineSources: true,
        },
      });
      return { contents: out.outputText, loader: 'js', resolveDir: resolve(args.path, '..') };
    });
  },
};

await build({
  absWorkingDir: root,
  entryPoints: [entry],
  outfile: `dist/apps/${app}/main.js`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  alias: Object.fromEntries(
    Object.entries(base.paths).map(([name, [target]]) => [name, resolve(root, target)]),
  ),
  plugins: [tsTranspile],
  logLevel: 'warning',
});
console.log(`built dist/apps/${app}/main.js`);
