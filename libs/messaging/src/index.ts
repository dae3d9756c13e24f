export * from './event-bus';
export * from './settings';
export { HEADERS, encodeEvent, decodeEvent, headerText } from './codec';
export { KafkaStartupError, ensureTopics, plannedTopics } from './topics';
export { KafkaEventBus, type KafkaEventBusOptions } from './kafka-event-bus';
export { DLQ_HEADERS } from './group-consumer';
export { OutboxRelay, KAFKA_RELAY_SUBSCRIPTION, type OutboxRelayOptions } from './outbox-relay';
export { inTransaction, type TransactionalHandler } from './transactional';
export { testKafkaSettings, deleteTestTopics, readTopics, eventually, type ReadBack } from './testing/kafka-test';
