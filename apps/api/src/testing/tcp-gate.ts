import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay to a real dependency (Kafka, PostgreSQL) that a test can shut and open, to show
 * what the API does while it cannot reach it and after it can again; it counts the
 * connections it relayed.
 */
export class TcpGate {
  /** Connections relayed since the gate was made. */
  relayed = 0;
  private open = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {}

  /** A shut gate in front of `host:port`; `address` is where clients connect. */
  static async before(hostPort: string): Promise<TcpGate> {
    const [host, port] = [hostPort.slice(0, hostPort.lastIndexOf(':')), Number(hostPort.slice(hostPort.lastIndexOf(':') + 1))];
    const server = createServer();
    const gate = new TcpGate(server, { host, port });
    server.on('connection', (client) => gate.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return gate;
  }

  get address(): string {
    const { port } = this.server.address() as { port: number };
    return `127.0.0.1:${port}`;
  }

  /** From now on connections reach the target. */
  letThrough(): void {
    this.open = true;
  }

  /** Cuts every relayed connection and refuses new ones (they are closed as soon as they arrive). */
  shut(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.shut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket) {
    if (!this.open) {
      client.destroy();
      return;
    }
    this.relayed++;
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
