// Just the parts of qlobber 8 the benchmark uses (the package ships no types).
declare module 'qlobber' {
  export interface QlobberOptions {
    separator?: string;
    wildcard_one?: string;
    wildcard_some?: string;
    match_empty_levels?: boolean;
    max_words?: number;
    max_wildcard_somes?: number;
  }
  export class Qlobber<V> {
    constructor(options?: QlobberOptions);
    add(topic: string, val: V): this;
    remove(topic: string, val?: V): this;
    match(topic: string): V[];
    test(topic: string, val: V): boolean;
  }
}

declare module 'qlobber/aedes/qlobber-sub' {
  import { type QlobberOptions } from 'qlobber';
  /** The qlobber variant aedes uses: one entry per (topic, clientId), replace on re-add. */
  export interface SubValue {
    clientId: string;
    topic: string;
    qos?: number;
  }
  export default class QlobberSub {
    constructor(options?: QlobberOptions);
    subscriptionsCount: number;
    add(topic: string, val: SubValue): this;
    remove(topic: string, val: SubValue): this;
    match(topic: string): { clientId: string; qos: number }[];
  }
}
