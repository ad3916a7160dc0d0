// Counts the queries any client sends to Postgres, whatever the client (libpq, node-postgres...):
// a TCP relay between client and server that reads the frontend protocol's message headers.
// A round trip is a simple Query message ('Q') or an Execute ('E') of the extended protocol.
import net from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export interface QueryCounter {
  /** The URL to give the client: the same database, reached through the relay. */
  url: string;
  /** Queries counted so far, or null when a connection was encrypted (its messages cannot be read). */
  queries(): number | null;
  connections(): number;
  close(): Promise<void>;
}

/** Reads the messages a client sends, one chunk at a time, and counts Query and Execute. */
export class FrontendMessageCounter {
  queries = 0;
  /** Set when the client and server switched to TLS or GSS encryption. */
  encrypted = false;
  /** The client asked for encryption and the server's one-byte answer is next. */
  awaitingEncryptionAnswer = false;
  private startup = true;
  private header = Buffer.alloc(0);
  private skip = 0;

  /** The server's one-byte answer to an SSL or GSS encryption request. */
  serverAnsweredEncryption(answer: number): void {
    this.awaitingEncryptionAnswer = false;
    if (answer === 'S'.charCodeAt(0) || answer === 'G'.charCodeAt(0)) this.encrypted = true;
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !this.encrypted) {
      if (this.skip > 0) {
        const taken = Math.min(this.skip, chunk.length - offset);
        this.skip -= taken;
        offset += taken;
        continue;
      }
      const wanted = this.startup ? 8 : 5;
      const taken = Math.min(wanted - this.header.length, chunk.length - offset);
      this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + taken)]);
      offset += taken;
      if (this.header.length < wanted) return;
      if (this.startup) {
        // Untyped: length (including itself), then a request code or protocol version.
        const length = this.header.readInt32BE(0);
        const code = this.header.readInt32BE(4);
        this.skip = length - 8;
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) this.awaitingEncryptionAnswer = true;
        else this.startup = false;
      } else {
        const type = String.fromCharCode(this.header[0]);
        if (type === 'Q' || type === 'E') this.queries++;
        this.skip = this.header.readInt32BE(1) - 4;
      }
      this.header = Buffer.alloc(0);
    }
  }
}

/** Starts a relay on 127.0.0.1 to the server of `targetUrl`; returns null for a URL it cannot relay (Unix socket). */
export async function startQueryCounter(targetUrl: string): Promise<QueryCounter | null> {
  const target = new URL(targetUrl);
  if (!target.hostname || target.hostname.startsWith('%2F')) return null;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || 5432);
  const counters: FrontendMessageCounter[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const counter = new FrontendMessageCounter();
    counters.push(counter);
    const upstream = net.connect({ host, port });
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      counter.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (counter.awaitingEncryptionAnswer) counter.serverAnsweredEncryption(chunk[0]);
      client.write(chunk);
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth).on('error', closeBoth);
    upstream.on('close', closeBoth).on('error', closeBoth);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const relayed = new URL(targetUrl);
  relayed.hostname = '127.0.0.1';
  relayed.port = String((server.address() as net.AddressInfo).port);
  return {
    url: relayed.toString(),
    queries: () => (counters.some((c) => c.encrypted) ? null : counters.reduce((sum, c) => sum + c.queries, 0)),
    connections: () => counters.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
