import { projectConfig } from '../../vitest.shared.mts';

// One spec file at a time: the process test runs its own servers and two app replicas.
export default projectConfig('apps/retain', { timeout: 60_000, fileParallelism: false });
