import type { EventEmitter } from 'events';
import { Client, escapeIdentifier } from 'pg';

interface Connection {
  client: Client;
  ready: Promise<void>;
}

/**
 * One connection LISTENing on the store's channel, turning each notification of a commit
 * (from any process) into a 'commit' event on `commits`. Opened on first use; a lost
 * connection is dropped and opened again on the next use, polling bridging the gap.
 */
export class CommitListener {
  private connection: Connection | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly commits: EventEmitter,
  ) {}

  /** Resolves once notifications are being received; rejects if the server cannot be reached. */
  listening(): Promise<void> {
    this.connection ??= this.connect();
    return this.connection.ready;
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    await connection?.client.end().catch(() => undefined);
  }

  private connect(): Connection {
    const client = new Client({ connectionString: this.connectionString });
    const drop = (): void => {
      if (this.connection?.client !== client) return;
      this.connection = null;
      client.end().catch(() => undefined);
    };
    client.on('notification', () => this.commits.emit('commit'));
    // Without a listener an 'error' event (server restart...) would crash the process.
    client.on('error', drop);
    client.on('end', drop);
    const ready = client
      .connect()
      .then(() => client.query(`LISTEN ${escapeIdentifier(this.channel)}`))
      .then(
        () => undefined,
        (error: unknown) => {
          drop();
          throw error;
        },
      );
    return { client, ready };
  }
}
