import type { RetainStore } from '@mithqtt/broker';
import type { Message } from '@mithqtt/protocol';
import { type TopicErrorCode, validateTopicFilter, validateTopicName } from '@mithqtt/topic';
import { AdminError, type RetainedFilter } from './admin.port';
import { mapPage, pageBy } from './paging';
import type * as views from './views';

/**
 * The retained-message half of the AdminPort over any RetainStore: shared by LocalAdmin (the
 * node's own store) and ClusterAdmin (the retain service or Redis, as the gateways use).
 */
export async function listRetained(
  retain: RetainStore,
  filter: RetainedFilter,
): Promise<views.Page<views.RetainedView>> {
  const problem = validateTopicFilter(filter.filter, { allowShared: false });
  if (problem !== null) throw invalidTopic('filter', problem);
  const messages = await unavailableOnError('retained store', () => retain.match(filter.filter));
  return mapPage(
    pageBy(messages, (m) => m.topic, filter),
    retainedView,
  );
}

export async function getRetained(
  retain: RetainStore,
  topic: string,
): Promise<views.RetainedView | undefined> {
  const problem = validateTopicName(topic);
  if (problem !== null) throw invalidTopic('topic', problem);
  const message = await unavailableOnError('retained store', () => retain.get(topic));
  return message && retainedView(message);
}

export async function deleteRetained(retain: RetainStore, topic: string): Promise<boolean> {
  const problem = validateTopicName(topic);
  if (problem !== null) throw invalidTopic('topic', problem);
  return unavailableOnError('retained store', () => retain.delete(topic));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function retainedView(m: Message): views.RetainedView {
  let text: string | null;
  try {
    text = utf8.decode(m.payload);
  } catch {
    text = null;
  }
  return {
    topic: m.topic,
    qos: m.qos,
    payloadBase64: m.payload.toString('base64'),
    payloadUtf8: text,
    bytes: m.payload.length,
  };
}

export function invalidTopic(field: string, code: TopicErrorCode): AdminError {
  return new AdminError(
    'invalid-request',
    `${field} is not a valid MQTT ${field === 'filter' ? 'topic filter' : 'topic name'}: ${code}`,
    field,
  );
}

/** A store that fails (Redis down) is "unavailable" (503), not an internal error. */
export async function unavailableOnError<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e: unknown) {
    throw new AdminError(
      'unavailable',
      `${what} unavailable: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
