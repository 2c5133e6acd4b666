import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect, type Socket } from 'net';
import { cutConnectionsOnClose } from './close-connections';

@Module({})
class EmptyModule {}

describe('cutConnectionsOnClose', () => {
  let app: NestFastifyApplication;
  let warned: { msg: string; connections: number }[];

  beforeEach(async () => {
    app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), {
      logger: false,
    });
    const logger = new Logger('test');
    warned = [];
    jest.spyOn(logger, 'warn').mockImplementation((message) => void warned.push(message));
    cutConnectionsOnClose(app, 200, logger);
    await app.listen({ port: 0, host: '127.0.0.1' });
  });

  const open = async (): Promise<Socket> => {
    const { port } = app.getHttpServer().address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    return socket;
  };

  it('cuts a connection that never completes a request once the grace period is over', async () => {
    const silent = await open();
    const halfSent = await open();
    halfSent.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const cut = Promise.all(
      [silent, halfSent].map((socket) => new Promise((resolve) => socket.once('close', resolve))),
    );
    await app.close();
    await cut;
    expect(warned).toEqual([expect.objectContaining({ connections: 2 })]);
  });

  it('cuts nothing when nothing is left open', async () => {
    (await open()).destroy();
    await app.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(warned).toEqual([]);
  });
});
