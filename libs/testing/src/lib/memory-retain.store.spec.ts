import { MemoryRetainStore } from '@mithqtt/broker';
import { describeRetainStoreContract } from './retain-store.contract';

describeRetainStoreContract('MemoryRetainStore', () => new MemoryRetainStore());
