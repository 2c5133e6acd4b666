/*
 * Facts about England's local authorities that several contexts share: the areas context
 * records them, and the others read them.
 */
import { DomainError, ErrorCode, InvalidInputError } from './domain-error';

/** An ONS GSS area code such as E09000022. */
export const AREA_CODE_PATTERN = /^[EWSN]\d{8}$/;

/** Refuses area codes the register does not know, or one named twice, naming the field. */
export function assertKnownAreas(
  field: string,
  areaCodes: readonly string[],
  isKnownArea: (areaCode: string) => boolean,
): void {
  const unknown = areaCodes.filter((code) => !isKnownArea(code));
  if (unknown.length > 0) {
    throw new DomainError(ErrorCode.UNKNOWN_AREA, `Unknown area code(s): ${unknown.join(', ')}`, {
      field,
      areaCodes: unknown,
    });
  }
  if (new Set(areaCodes).size !== areaCodes.length) {
    throw new InvalidInputError(field, 'unique', 'Each area may be named once');
  }
}

/**
 * Local government is reorganised now and then: an area is abolished and its duties pass to
 * successors from a date. The former area keeps its history; from that date roll-ups show it
 * under its successors and reports for it are refused.
 */
export interface Succession {
  areaCode: string;
  successors: string[];
  /** First day on which the successors are responsible (YYYY-MM-DD). */
  effectiveFrom: string;
}
