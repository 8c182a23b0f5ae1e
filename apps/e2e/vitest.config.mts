import { projectConfig } from '../../vitest.shared.mts';

// One spec file at a time: the machine has two cores, several specs measure time (keepalive,
// connect timeout) and 11-process builds and spawns the app. Tests inside a file stay sequential.
// Not isolated: the files share one module graph, so the broker's Nest stack is imported once
// instead of once per file (several seconds each on a loaded machine). Each file starts its own
// broker and the helpers keep no state between files.
export default projectConfig('apps/e2e', {
  include: ['src/**/*.spec.ts'],
  timeout: 30_000,
  fileParallelism: false,
  isolate: false,
});
