// Jest global setup: make sure the test Postgres answers before any suite starts.
const { Client } = require('pg');

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
};
