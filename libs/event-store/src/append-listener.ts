import { Client, type ClientConfig } from 'pg';

/** Channel `es.append_events` notifies on every append. */
export const APPEND_CHANNEL = 'keel_events';

/**
 * Calls `onAppend` when any append commits (LISTEN/NOTIFY on a dedicated connection). Best effort: if
 * the connection drops it reconnects after a delay, and callers keep polling as the fallback. It also
 * calls `onAppend` once each time it starts listening: appends made while it was not are not notified.
 */
export class AppendListener {
  private client: Client | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: ClientConfig,
    private readonly onAppend: () => void,
    private readonly reconnectMs = 2000,
  ) {}

  async start(): Promise<void> {
    if (this.closed) return;
    const client = new Client(this.config);
    client.on('notification', () => this.onAppend());
    client.on('error', () => this.scheduleReconnect(client));
    client.on('end', () => this.scheduleReconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${APPEND_CHANNEL}`);
      this.client = client;
      this.onAppend();
    } catch {
      this.scheduleReconnect(client);
    }
  }

  async stop(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private scheduleReconnect(client: Client): void {
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.closed || this.retryTimer) return;
    this.client = undefined;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.start();
    }, this.reconnectMs);
  }
}
