import { validateTopicFilter, validateTopicName } from '@mithqtt/topic';
import { type ValidationOptions, registerDecorator } from 'class-validator';

type Check = (value: string, object: object) => { code: string | null; what: string };

const name = (v: string) => ({ code: validateTopicName(v), what: 'topic name' });
// Shared filters are refused: no RPC takes one (MQTT 5 sends no retained messages to shared
// subscriptions; authorization is decided on the inner filter by the gateway).
const filter = (v: string) => ({
  code: validateTopicFilter(v, { allowShared: false }),
  what: 'topic filter',
});

/**
 * A valid MQTT topic name: non-empty, no wildcards, no U+0000, at most 65535 UTF-8 bytes
 * [MQTT-4.7.3-1/2/3], [MQTT-3.3.2-2]. Same rules as the gateway (libs/topic).
 */
export function IsTopicName(options?: ValidationOptions): PropertyDecorator {
  return rule('isTopicName', name, options);
}

/** A valid MQTT topic filter [MQTT-4.7.1-2/3], not a shared one. */
export function IsTopicFilter(options?: ValidationOptions): PropertyDecorator {
  return rule('isTopicFilter', filter, options);
}

/** A topic name if the object's `action` is `publish`, a topic filter otherwise. */
export function IsTopicForAction(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isTopicForAction',
    (v, o) => ((o as { action?: unknown }).action === 'publish' ? name(v) : filter(v)),
    options,
  );
}

function rule(
  ruleName: string,
  check: Check,
  options: ValidationOptions | undefined,
): PropertyDecorator {
  const verdict = (value: unknown, object: object) =>
    typeof value === 'string' ? check(value, object) : { code: 'NOT_A_STRING', what: 'topic' };
  return (target, propertyName) => {
    registerDecorator({
      name: ruleName,
      target: target.constructor,
      propertyName: propertyName as string,
      ...(options === undefined ? {} : { options }),
      validator: {
        validate: (value: unknown, args) => verdict(value, args?.object ?? {}).code === null,
        defaultMessage(args) {
          const { code, what } = verdict(args?.value, args?.object ?? {});
          return `${args?.property ?? 'value'} must be a valid MQTT ${what} (${code ?? 'invalid'})`;
        },
      },
    });
  };
}
