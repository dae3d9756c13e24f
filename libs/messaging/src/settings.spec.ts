import { DEFAULT_PARTITIONS, kafkaSettingsFromEnv } from './settings';

describe('kafkaSettingsFromEnv', () => {
  it('reads the brokers and applies the defaults', () => {
    expect(kafkaSettingsFromEnv({ KAFKA_BROKERS: 'a:9092, b:9093' })).toEqual({
      brokers: ['a:9092', 'b:9093'],
      clientId: 'keel',
      topicPrefix: 'keel.events.',
      partitions: DEFAULT_PARTITIONS,
      defaultPartitions: 1,
      connectTimeoutMs: 10_000,
    });
    expect(kafkaSettingsFromEnv({ KAFKA_BROKERS: 'k:1', KEEL_KAFKA_PARTITIONS: 'node=6,deployment=6', KEEL_KAFKA_CONNECT_TIMEOUT_MS: '2500' })).toMatchObject({
      partitions: { node: 6, deployment: 6 },
      connectTimeoutMs: 2500,
    });
  });

  it.each([
    [{}, /^KAFKA_BROKERS is not set/],
    [{ KAFKA_BROKERS: 'localhost' }, /^KAFKA_BROKERS must be host:port/],
    [{ KAFKA_BROKERS: 'k:1', KEEL_KAFKA_CONNECT_TIMEOUT_MS: 'soon' }, /^KEEL_KAFKA_CONNECT_TIMEOUT_MS /],
    [{ KAFKA_BROKERS: 'k:1', KEEL_KAFKA_DEFAULT_PARTITIONS: '0' }, /^KEEL_KAFKA_DEFAULT_PARTITIONS /],
    [{ KAFKA_BROKERS: 'k:1', KEEL_KAFKA_TOPIC_PREFIX: 'a b' }, /^KEEL_KAFKA_TOPIC_PREFIX must be letters/],
    [{ KAFKA_BROKERS: 'k:1', KEEL_KAFKA_PARTITIONS: 'node=0' }, /^KEEL_KAFKA_PARTITIONS entry "node=0"/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => kafkaSettingsFromEnv(env)).toThrow(message);
  });
});
