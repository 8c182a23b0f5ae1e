import { projectConfig } from '../../vitest.shared.mts';

// One spec file at a time: the process test runs its own servers, two gateways and the app.
export default projectConfig('apps/http-api', { timeout: 60_000, fileParallelism: false });
