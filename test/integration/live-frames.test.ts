import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { WsConnection } from '../../src/realtime/ws-adapter';

/** A `ws` server and one real client: what the client receives is what `ws`' own parser makes of our frames. */
describe('live messages framed by the adapter and written to the socket directly', () => {
  let server: WebSocketServer;
  let connection: WsConnection;
  let client: WebSocket;
  const received: Array<{ text: string; binary: boolean }> = [];
  let arrived: () => void = () => undefined;

  beforeAll(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const connected = new Promise<WsConnection>((resolve) => server.once('connection', (ws, request) => resolve(new WsConnection(ws, request.socket))));
    client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, { perMessageDeflate: false });
    client.on('message', (data, binary) => {
      received.push({ text: String(data), binary });
      arrived();
    });
    connection = await connected;
  });

  afterAll(async () => {
    client?.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function receive(count: number): Promise<Array<{ text: string; binary: boolean }>> {
    received.length = 0;
    await new Promise<void>((resolve) => {
      arrived = () => received.length >= count && resolve();
    });
    return [...received];
  }

  it('delivers joined parts as one text message at every frame-length size, multi-byte characters intact', async () => {
    // 7-bit lengths up to 125, 16-bit up to 65,535, 64-bit beyond
    const messages = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000].map((bytes) => 'a'.repeat(bytes));
    messages.push(`{"payload":"${'ü€'.repeat(50_000)}"}`);
    const arriving = receive(messages.length);
    for (const message of messages) {
      // parts cut anywhere, inside a character too: the frame is their bytes one after another
      const bytes = Buffer.from(message);
      const [a, b] = [Math.floor(bytes.length / 3) + 1, Math.floor((2 * bytes.length) / 3) + 1].map((cut) => Math.min(cut, bytes.length));
      connection.sendJoined([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]);
    }
    expect(await arriving).toEqual(messages.map((text) => ({ text, binary: false })));
  });

  it("keeps order with the messages ws sends itself (acknowledgements, completes, pongs)", async () => {
    const arriving = receive(6);
    for (let index = 0; index < 3; index += 1) {
      connection.send(`{"type":"ws","n":${index}}`);
      connection.sendJoined([Buffer.from(`{"type":"direct","n":${index}}`)]);
    }
    expect((await arriving).map((message) => message.text)).toEqual([0, 1, 2].flatMap((n) => [`{"type":"ws","n":${n}}`, `{"type":"direct","n":${n}}`]));
  });

  it('counts direct writes the client has not taken yet as buffered, so a client that stops reading is seen as congested', async () => {
    const underlying = (client as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    underlying.pause();
    const payload = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    for (; sent < 400 && !connection.isCongested(); sent += 1) connection.sendJoined([Buffer.from('"'), payload, Buffer.from('"')]);
    expect(connection.isCongested()).toBe(true);
    const arriving = receive(sent);
    underlying.resume();
    expect((await arriving).every((message) => message.text.length === payload.length + 2)).toBe(true);
    expect(connection.isCongested()).toBe(false);
  });

  it('writes nothing once the socket is closing', async () => {
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    connection.close(1000, 'done');
    expect(connection.isOpen).toBe(false);
    received.length = 0;
    connection.sendJoined([Buffer.from('"late"')]);
    await closed;
    expect(received).toEqual([]);
  });
});
