import { MemorySessionStore } from '@mithqtt/broker';
import { describeSessionStoreContract } from './session-store.contract';

describeSessionStoreContract('MemorySessionStore', () => new MemorySessionStore());
