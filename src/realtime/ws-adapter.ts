import type { Duplex } from 'node:stream';
import { CloseCode, handleProtocols, type Server, type WebSocket as ProtocolSocket } from 'graphql-ws';
import type { Logger } from 'pino';
import { WebSocket, type WebSocketServer } from 'ws';
import type { LiveSocket } from './live-context';

/** A socket's data beyond this many bytes means the client is not keeping up. */
const CONGESTED_BYTES = 64 * 1024;
/** The keep-alive interval is split in this many ticks, each pinging its share of the sockets. */
const PING_SLICES = 10;

/**
 * A server-to-client text frame holding the parts one after another (RFC 6455 §5.2: FIN, opcode 1, unmasked,
 * 7-, 16- or 64-bit length), in one buffer: one socket write, where `ws.send` writes a header and a body.
 */
export function textFrame(parts: readonly Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  let offset = header;
  for (const part of parts) offset += part.copy(frame, offset);
  return frame;
}

/**
 * One connection: the socket graphql-ws' protocol server talks to and the one the live layer pushes to. A
 * class, so thousands of connections share its methods instead of each holding closures.
 */
export class WsConnection implements LiveSocket, ProtocolSocket {
  /**
   * Live messages are framed here and written to the upgraded TCP socket itself. That is safe only while `ws`
   * writes each of its own frames whole and at once, never holding one back: so with no extension (no
   * compression, which this server turns off) and never a Blob sent. With an extension, `ws.send` does the work.
   */
  private readonly direct: boolean;

  constructor(
    readonly ws: WebSocket,
    /** The socket the connection was upgraded on (`ws` writes its frames to it too). */
    private readonly raw: Duplex,
  ) {
    this.direct = ws.extensions === '';
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  // bufferedAmount counts what waits in the TCP socket, so the direct writes below too
  isCongested(): boolean {
    return this.ws.bufferedAmount > CONGESTED_BYTES;
  }

  // nothing waits for the write to complete: the next message follows in order anyway
  send(message: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  sendJoined(parts: readonly Buffer[]): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.direct) this.raw.write(textFrame(parts));
    else this.ws.send(Buffer.concat(parts), { binary: false });
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  onMessage(handle: (data: string) => Promise<void>): void {
    this.ws.on('message', (data) => {
      handle(String(data)).catch((error: unknown) => this.ws.emit('error', error));
    });
  }
}

/** What graphql-ws' hooks get to know of a connection: its socket and the client's address (not the whole upgrade request). */
export interface WsExtra {
  socket: WsConnection;
  address: string;
}

/**
 * graphql-ws' protocol server (`makeServer`) on a `ws` server, as graphql-ws' own `use/ws` adapter does, made
 * lighter per connection for thousands of subscribers: one timer pings every socket each `keepAliveMs` and
 * drops those that did not answer the previous ping (not two timers and a listener per socket and ping), a
 * tenth of the sockets each tenth of the interval, so 10,000 sockets are never pinged (and answer) at once;
 * sends do not wait for the write; the upgrade request is not kept for the connection's life.
 */
export function serveGraphqlWs<E extends WsExtra>(
  server: Server<E>,
  wss: WebSocketServer,
  options: { keepAliveMs: number; production: boolean; logger: Pick<Logger, 'error'> },
): { dispose(): Promise<void> } {
  wss.options.handleProtocols = handleProtocols;
  const { logger } = options;
  const reasonOf = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    // close reasons are limited to 123 bytes
    return options.production || Buffer.byteLength(message) > 123 ? 'Internal server error' : message;
  };

  /** Sockets pinged and not heard from since. */
  const unanswered = new Set<WebSocket>();
  function answered(this: WebSocket): void {
    unanswered.delete(this);
  }
  function failed(this: WebSocket, error: unknown): void {
    logger.error({ err: error }, 'a WebSocket failed; closing it');
    if (this.readyState === WebSocket.OPEN) this.close(CloseCode.InternalServerError, reasonOf(error));
  }
  // connections are dealt to the slices in turn; each tick pings one slice
  const slices = Array.from({ length: PING_SLICES }, () => new Set<WebSocket>());
  let dealt = 0;
  let tick = 0;
  const keepAlive = setInterval(() => {
    for (const ws of slices[tick++ % PING_SLICES]!) {
      if (unanswered.has(ws)) ws.terminate();
      else if (ws.readyState === WebSocket.OPEN) {
        unanswered.add(ws);
        ws.ping();
      }
    }
  }, options.keepAliveMs / PING_SLICES);
  keepAlive.unref();

  wss.on('error', (error) => {
    logger.error({ err: error }, 'the WebSocket server failed; closing its sockets');
    for (const ws of wss.clients) ws.close(CloseCode.InternalServerError, reasonOf(error));
  });

  wss.on('connection', (ws, request) => {
    const connection = new WsConnection(ws, request.socket);
    ws.on('error', failed);
    ws.on('pong', answered);
    // the hooks add their own fields (the viewer) at connection_init
    const closed = server.opened(connection, { socket: connection, address: request.socket.remoteAddress ?? 'unknown' } as E);
    const slice = slices[dealt++ % PING_SLICES]!;
    slice.add(ws);
    ws.on('close', (code, reason) => {
      slice.delete(ws);
      unanswered.delete(ws);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      clearInterval(keepAlive);
      for (const ws of wss.clients) ws.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
