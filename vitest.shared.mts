// Shared Vitest settings: resolves the workspace path aliases from tsconfig.base.json so
// tests import libs exactly as apps do (`@mithqtt/codec`), never by deep relative paths.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export const workspaceRoot = fileURLToPath(new URL('.', import.meta.url));

function aliases(): Record<string, string> {
  const base = JSON.parse(readFileSync(resolve(workspaceRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const out: Record<string, string> = {};
  for (const [name, targets] of Object.entries(base.compilerOptions.paths)) {
    const target = targets[0];
    if (target) out[name] = resolve(workspaceRoot, target);
  }
  return out;
}

export interface ProjectTestOptions {
  include?: string[];
  timeout?: number;
  /** Run spec files one after another (Vitest's `fileParallelism`); default: in parallel. */
  fileParallelism?: boolean;
  /**
   * Vitest's `isolate`: false lets spec files share one module graph per worker (heavy imports
   * such as Nest load once); default: isolated.
   */
  isolate?: boolean;
}

export function projectConfig(projectDir: string, extra: ProjectTestOptions = {}) {
  return defineConfig({
    resolve: { alias: aliases() },
    root: resolve(workspaceRoot, projectDir),
    test: {
      include: extra.include ?? ['src/**/*.spec.ts'],
      environment: 'node',
      testTimeout: extra.timeout ?? 20_000,
      hookTimeout: 30_000,
      reporters: ['default'],
      ...(extra.fileParallelism === undefined ? {} : { fileParallelism: extra.fileParallelism }),
      ...(extra.isolate === undefined ? {} : { isolate: extra.isolate }),
    },
  });
}
