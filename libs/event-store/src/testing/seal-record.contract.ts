import { createHash } from 'crypto';
import type { SealRecord } from '../event-store.port';
import type { ContractSubject } from './event-store.contract';

const entry = (version: number, position: number): SealRecord => ({
  version,
  hash: createHash('sha256').update(`seal ${version} ${Math.random()}`).digest('hex'),
  position,
});

/**
 * The seal record of an adapter that keeps one (EventStore.recordSeal): entries read back in
 * the order recorded, durable, untouched by the events, a bad entry refused with nothing
 * recorded. The record may hold entries from earlier cases (it cannot be emptied): each case
 * looks at the entries it added.
 */
export function describeSealRecordContract(
  name: string,
  subject: () => Promise<ContractSubject>,
): void {
  describe(`seal record contract: ${name}`, () => {
    let current: ContractSubject;
    beforeEach(async () => {
      current = await subject();
    });
    afterEach(() => current.cleanup());

    const record = () => {
      const { recordSeal, readSealRecord } = current.store;
      if (!recordSeal || !readSealRecord) throw new Error(`${name} keeps no seal record`);
      return {
        recordSeal: recordSeal.bind(current.store),
        read: readSealRecord.bind(current.store),
      };
    };

    it('reads back what was recorded, in order, also after reopening', async () => {
      const before = (await record().read()).length;
      const added = [entry(1, 11), entry(2, 17), entry(2, 19)];
      for (const sealed of added) await record().recordSeal(sealed);
      expect((await record().read()).slice(before)).toEqual(added);
      if (!current.reopen) return;
      current.store = await current.reopen();
      expect((await record().read()).slice(before)).toEqual(added);
    });

    it('refuses a malformed entry and records nothing', async () => {
      const before = await record().read();
      for (const bad of [
        { ...entry(1, 11), hash: 'not a hash' },
        { ...entry(1, 11), version: 0 },
        { ...entry(1, 11), position: 1.5 },
      ]) {
        await expect(record().recordSeal(bad)).rejects.toThrow(/not a seal record entry/);
      }
      expect(await record().read()).toEqual(before);
    });

    it('is kept apart from the events: appends leave it as it was', async () => {
      await record().recordSeal(entry(1, 11));
      const before = await record().read();
      await current.store.append('after-the-seal', [{ type: 'T', data: {}, metadata: {} }], 'any');
      expect(await record().read()).toEqual(before);
    });
  });
}
