import { DataBackedAuthStore } from './data-backed.store';

/** Users and rules in this process's memory only (tests, throwaway brokers). */
export class MemoryAuthStore extends DataBackedAuthStore {
  protected persist(): Promise<void> {
    return Promise.resolve();
  }
}
