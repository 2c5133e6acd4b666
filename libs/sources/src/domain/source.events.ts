/** The facts recorded about a source: the document recommendations come from or respond to. */

/** The kinds of document the register holds (the shipped data's `kinds`). */
export enum SourceKind {
  INDEPENDENT_REVIEW = 'INDEPENDENT_REVIEW',
  SELECT_COMMITTEE_REPORT = 'SELECT_COMMITTEE_REPORT',
  INQUIRY = 'INQUIRY',
  GOVERNMENT_RESPONSE = 'GOVERNMENT_RESPONSE',
  GOVERNMENT_STRATEGY = 'GOVERNMENT_STRATEGY',
  PROFESSIONAL_BODY_CAMPAIGN = 'PROFESSIONAL_BODY_CAMPAIGN',
}

/** What a source is, as added and as corrected. */
export interface SourceDetails {
  kind: SourceKind;
  title: string;
  publisher: string;
  /** YYYY-MM-DD; the 1st of the month where only the month is known. */
  publishedOn: string;
  /** Null where no public copy is known. */
  url: string | null;
  /** Its themes (chapters), in the document's order. */
  themes: string[];
}

export interface SourceAdded {
  type: 'SourceAdded';
  data: { id: string } & SourceDetails;
}

export interface SourceCorrected {
  type: 'SourceCorrected';
  /** Only the fields that changed. */
  data: Partial<SourceDetails>;
}

export type SourceEvent = SourceAdded | SourceCorrected;

/** Every type of event in a source's stream (webhooks offer these to choose from). */
export const SOURCE_EVENT_TYPES: readonly string[] = Object.keys({
  SourceAdded: true,
  SourceCorrected: true,
} satisfies Record<SourceEvent['type'], true>);

/** An event with the business facts of its envelope that the state keeps. */
export interface SourceHistoryEntry {
  event: SourceEvent;
  occurredAt: string;
}

export const SOURCE_STREAM_PREFIX = 'source-';
export const sourceStream = (id: string): string => `${SOURCE_STREAM_PREFIX}${id}`;
