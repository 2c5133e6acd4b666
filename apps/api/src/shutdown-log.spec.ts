import 'reflect-metadata';
import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { logShutdownStages } from './shutdown-log';

const calls: string[] = [];

@Injectable()
class Hooks implements OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown {
  onModuleDestroy(): void {
    calls.push('onModuleDestroy');
  }
  beforeApplicationShutdown(): void {
    calls.push('beforeApplicationShutdown');
  }
  onApplicationShutdown(): void {
    calls.push('onApplicationShutdown');
  }
}

@Module({ providers: [Hooks] })
class HooksModule {}

describe('logShutdownStages', () => {
  it('logs each stage of the shutdown once it is done, in order, and still runs every hook', async () => {
    calls.length = 0;
    const app = await NestFactory.create<NestFastifyApplication>(
      HooksModule,
      new FastifyAdapter(),
      { logger: false },
    );
    const logger = new Logger('test');
    const logged: { msg: string; stage: string; ms: number }[] = [];
    jest.spyOn(logger, 'log').mockImplementation((message) => void logged.push(message));
    logShutdownStages(app, { logger });
    await app.init();
    await app.close();
    expect(calls).toEqual([
      'onModuleDestroy',
      'beforeApplicationShutdown',
      'onApplicationShutdown',
    ]);
    expect(logged.map(({ msg, stage }) => `${msg}: ${stage}`)).toEqual([
      'shutdown stage done: onModuleDestroy',
      'shutdown stage done: beforeApplicationShutdown',
      'shutdown stage done: http close',
      'shutdown stage done: onApplicationShutdown',
    ]);
    expect(logged.every(({ ms }) => typeof ms === 'number' && ms >= 0)).toBe(true);
  });
});
