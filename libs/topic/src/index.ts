export { type TopicErrorCode, TopicError } from './lib/errors';
export {
  MAX_TOPIC_BYTES,
  type ValidateFilterOptions,
  utf8ByteLength,
  validateTopicFilter,
  validateTopicName,
} from './lib/validate';
export { SHARE_PREFIX, type SharedFilter, parseSharedFilter } from './lib/shared';
export { topicMatches } from './lib/matches';
export { type MatchVisitor, type TopicMatcher } from './lib/topic-matcher';
export { SubscriptionIndex } from './lib/subscription-index';
export { filterToSubjects, subjectToTopic, topicToSubject } from './lib/nats-subject';
