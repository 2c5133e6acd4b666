import { DomainError, ErrorCode, InvalidInputError, type Succession } from '@app/kernel';

// The kernel's, since other contexts read successions; still the areas context's to record.
export type { Succession };

export interface AreaSucceeded {
  type: 'AreaSucceeded';
  data: Succession;
}

export type AreaEvent = AreaSucceeded;

/** Every type of event in an area's stream (webhooks offer these to choose from). */
export const AREA_EVENT_TYPES: readonly string[] = Object.keys({
  AreaSucceeded: true,
} satisfies Record<AreaEvent['type'], true>);

export const AREA_STREAM_PREFIX = 'area-';
export const areaStream = (areaCode: string): string => `${AREA_STREAM_PREFIX}${areaCode}`;

export interface RecordSuccession {
  areaCode: string;
  successors: string[];
  effectiveFrom: string;
}

export interface SuccessionContext {
  reason: string | null;
  isKnownArea(areaCode: string): boolean;
}

/** Decides whether a succession can be recorded; recording the same one again writes nothing. */
export function decideSuccession(
  command: RecordSuccession,
  current: Succession | null,
  context: SuccessionContext,
): AreaEvent[] {
  const unknown = [command.areaCode, ...command.successors].filter(
    (code) => !context.isKnownArea(code),
  );
  if (unknown.length > 0) {
    throw new DomainError(ErrorCode.UNKNOWN_AREA, `Unknown area code(s): ${unknown.join(', ')}`, {
      field: unknown.includes(command.areaCode) ? 'areaCode' : 'successors',
      areaCodes: unknown,
    });
  }
  if (command.successors.length === 0) {
    throw new InvalidInputError('successors', 'required', 'Name at least one successor');
  }
  if (new Set(command.successors).size !== command.successors.length) {
    throw new InvalidInputError('successors', 'unique', 'Each successor may be named once');
  }
  if (command.successors.includes(command.areaCode)) {
    throw new InvalidInputError('successors', 'notSelf', 'An area cannot succeed itself');
  }
  if (!context.reason?.trim()) {
    throw new InvalidInputError('reason', 'required', 'A reason is required for a succession');
  }
  if (current) {
    if (sameSuccession(current, command)) return [];
    throw new DomainError(
      ErrorCode.ALREADY_EXISTS,
      `${command.areaCode} was already replaced by ${current.successors.join(', ')} from ${current.effectiveFrom}`,
      { field: 'areaCode', ...current },
    );
  }
  return [{ type: 'AreaSucceeded', data: { ...command } }];
}

const sameSuccession = (a: Succession, b: RecordSuccession): boolean =>
  a.effectiveFrom === b.effectiveFrom &&
  [...a.successors].sort().join() === [...b.successors].sort().join();

/** The succession an area's stream records, if any. */
export function foldSuccession(
  events: readonly { type: string; data: object }[],
): Succession | null {
  let succession: Succession | null = null;
  for (const event of events) {
    if (event.type === 'AreaSucceeded') succession = { ...(event.data as Succession) };
  }
  return succession;
}
