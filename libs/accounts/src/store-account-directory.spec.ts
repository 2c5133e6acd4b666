import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LocalAuthorityRegister } from '@app/areas';
import { EventStore, SqliteEventStore, StreamCachingEventStore } from '@app/event-store';
import { CommandContext, FixedClock, Role } from '@app/kernel';
import { DirectoryAccountActors } from './account-actors';
import { ChangeAccount } from './change-account/change-account.command';
import { ChangeAccountHandler } from './change-account/change-account.handler';
import type { AccountCommand } from './domain/decide';
import { StoreAccountDirectory } from './store-account-directory';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const ADMIN = { id: 'admin', name: 'Grace', role: Role.ADMIN, organisation: null };

/** One process: its own connection to the store file, with its own stream cache. */
function processOn(filename: string) {
  const store: EventStore = new StreamCachingEventStore(new SqliteEventStore({ filename }));
  const handler = new ChangeAccountHandler(
    store,
    new FixedClock(NOW),
    LocalAuthorityRegister.shipped(),
  );
  const directory = new StoreAccountDirectory(store);
  let n = 0;
  const run = (command: AccountCommand, commandId = `c-${Math.random()}-${n++}`) => {
    const context: CommandContext = {
      actor: ADMIN,
      commandId,
      correlationId: 'corr',
      causationId: null,
      occurredAt: NOW.toISOString(),
      reason: 'because',
      evidence: [],
      expectedVersion: null,
      request: { command },
    };
    return handler.execute(new ChangeAccount(command, context));
  };
  return { store, directory, actors: new DirectoryAccountActors(directory), run };
}

const lou = {
  kind: 'AddAccount' as const,
  email: 'lou@lambeth.gov.uk',
  name: 'Lou',
  role: Role.LOCAL_AUTHORITY,
  organisation: 'Shared service',
  areaCodes: ['E09000022', 'E09000028'],
};

describe('accounts read from the store, by two processes', () => {
  let dir: string;
  let one: ReturnType<typeof processOn>;
  let two: ReturnType<typeof processOn>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-accounts-'));
    one = processOn(join(dir, 'events.sqlite'));
    two = processOn(join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    await one.store.close();
    await two.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds an account by id and by email, however the email is written', async () => {
    const { state } = await one.run(lou);
    expect(await two.directory.byId(state!.id)).toEqual(state);
    expect(await two.directory.byEmail('  LOU@Lambeth.gov.uk ')).toEqual(state);
    expect(await two.directory.byEmail('nobody@lambeth.gov.uk')).toBeNull();
    expect(await two.directory.byId('unknown')).toBeNull();
  });

  it('follows an email to its new owner after a change', async () => {
    const { state } = await one.run(lou);
    await one.run({ kind: 'ChangeAccount', accountId: state!.id, email: 'lou@southwark.gov.uk' });
    expect(await two.directory.byEmail(lou.email)).toBeNull();
    expect(await two.directory.byEmail('lou@southwark.gov.uk')).toMatchObject({ id: state!.id });
    // The old email is free for another account.
    expect((await two.run(lou)).state!.id).not.toBe(state!.id);
  });

  it('answers the actor of an active account, and null once another process deactivated it or ended its sessions', async () => {
    const { state } = await one.run(lou);
    const id = state!.id;
    const signedIn = NOW.getTime() - 1000;
    expect(await two.actors.actorOf(id, signedIn)).toEqual({
      id,
      name: 'Lou',
      role: Role.LOCAL_AUTHORITY,
      organisation: 'E09000022',
      areaCodes: ['E09000022', 'E09000028'],
    });
    await one.run({ kind: 'DeactivateAccount', accountId: id });
    expect(await two.actors.actorOf(id, signedIn)).toBeNull();
    await one.run({ kind: 'ReactivateAccount', accountId: id });
    expect(await two.actors.actorOf(id, signedIn)).not.toBeNull();
    await one.run({ kind: 'EndAccountSessions', accountId: id });
    expect(await two.actors.actorOf(id, signedIn)).toBeNull();
    expect(await two.actors.actorOf(id, NOW.getTime())).toBeNull();
    // A session started after the admin ended them is the person signing in again.
    expect(await two.actors.actorOf(id, NOW.getTime() + 1)).not.toBeNull();
    expect(await two.actors.actorOf('unknown', 0)).toBeNull();
  });

  it('writes nothing for a retried add: the same command id names the same account', async () => {
    const first = await one.run(lou, 'add-lou');
    const retry = await two.run(lou, 'add-lou');
    expect(retry).toMatchObject({ duplicate: true, state: first.state });
    expect(await two.directory.list()).toHaveLength(1);
  });

  it('gives one account to two processes adding one email at once', async () => {
    const outcomes = await Promise.allSettled([one.run(lou), two.run(lou)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({
      reason: { message: 'An account with this email already exists' },
    });
    expect(await one.directory.list()).toHaveLength(1);
  });
});
