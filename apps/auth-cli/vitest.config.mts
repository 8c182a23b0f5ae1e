import { projectConfig } from '../../vitest.shared.mts';

export default projectConfig('apps/auth-cli');
