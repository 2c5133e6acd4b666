/*
 * Facts about England's local authorities that several contexts share: the areas context
 * records them, and the others read them.
 */

/** An ONS GSS area code such as E09000022. */
export const AREA_CODE_PATTERN = /^[EWSN]\d{8}$/;

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
