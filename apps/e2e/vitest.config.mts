import { projectConfig } from '../../vitest.shared.mts';

// One spec file at a time: the machine has two cores, several specs measure time (keepalive,
// connect timeout) and 11-process builds and spawns the app. Tests inside a file stay sequential.
export default projectConfig('apps/e2e', {
  include: ['src/**/*.spec.ts'],
  timeout: 30_000,
  fileParallelism: false,
});
