// Jest global setup: make sure the test Postgres answers and a Kafka broker runs before any suite starts.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { Client } = require('pg');

/** Starts the local broker (idempotent) unless KAFKA_BROKERS points at one already. */
function ensureKafka() {
  if (process.env.KAFKA_BROKERS) return;
  const script = join(__dirname, '..', 'scripts', 'kafka', 'start.sh');
  let output;
  try {
    output = execFileSync(script, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (error) {
    throw new Error(`Could not start the local Kafka broker (${script}): ${error.message}. Start one or set KAFKA_BROKERS.`);
  }
  const match = /^KAFKA_BROKERS=(.+)$/m.exec(output);
  if (!match) throw new Error(`${script} did not print KAFKA_BROKERS=… (got: ${output.trim()})`);
  process.env.KAFKA_BROKERS = match[1].trim();
}

module.exports = async () => {
  const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.TEST_DATABASE_URL = url;
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(`Postgres is not reachable at ${url}: ${error.message}. Start it (see README) or set TEST_DATABASE_URL.`);
  } finally {
    await client.end().catch(() => undefined);
  }
  ensureKafka();
};
