import { MemoryAuthStore } from '@mithqtt/auth';
import { describeAuthStoreContract } from './auth-store.contract';

describeAuthStoreContract('MemoryAuthStore', () => new MemoryAuthStore());
