import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './config';

/** Starts the local broker (`scripts/kafka/start.sh`, idempotent) and answers its bootstrap address. */
export function ensureLocalKafka(): string[] {
  const script = join(REPO_ROOT, 'scripts', 'kafka', 'start.sh');
  const output = execFileSync(script, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const match = /^KAFKA_BROKERS=(.+)$/m.exec(output);
  if (!match) throw new Error(`${script} did not print KAFKA_BROKERS=…`);
  return (match[1] as string).trim().split(',');
}
