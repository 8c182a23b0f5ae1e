export { describeRetainStoreContract } from './lib/retain-store.contract';
