import { seesWhoAndWhy, SYSTEM_ACTOR, type Actor, type HistoryScope } from '@app/kernel';
import { publicActorOf, type AreaNameOf } from '../public-view/public-actor';

/**
 * Who did something, as a signed-in reader sees them: the person's name, then their role and
 * organisation as the public sees them ("Priya Shah (Lambeth, local authority officer)"). Where
 * the one rule of who sees whom (seesWhoAndWhy) hides the person, the role and organisation only.
 */
export function whoActed(
  actor: Actor,
  scope: HistoryScope,
  areaCode: string | null,
  areaName?: AreaNameOf,
): string {
  const role = publicActorOf(actor, areaName);
  if (actor.id === SYSTEM_ACTOR.id || !seesWhoAndWhy(scope, areaCode, actor)) return role;
  return `${actor.name} (${role})`;
}
