import type { Succession } from '@app/areas';
import type { EventStore } from '@app/event-store';
import { areaRolloutStream, inheritanceOf, type Inheritance } from '../domain/area-rollout';
import { areaRolloutFolder } from '../domain/recorded';

/**
 * The enrolment in a programme that `areaCode` inherits by `today` from a former area it
 * succeeded, read from the former areas' streams (only theirs: successions are few).
 */
export async function readInheritance(
  store: EventStore,
  programmeId: string,
  areaCode: string,
  successions: ReadonlyMap<string, Succession>,
  today: string,
): Promise<Inheritance | null> {
  const formers = [...successions.values()]
    .filter((succession) => succession.successors.includes(areaCode))
    .map((succession) => succession.areaCode);
  if (formers.length === 0) return null;
  const rollouts = new Map(
    await Promise.all(
      formers.map(async (former) => {
        const streamId = areaRolloutStream(programmeId, former);
        return [former, areaRolloutFolder(streamId)(await store.readStream(streamId))] as const;
      }),
    ),
  );
  return inheritanceOf(areaCode, successions, (former) => rollouts.get(former) ?? null, today);
}
