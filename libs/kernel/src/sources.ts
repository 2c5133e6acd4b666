/*
 * Sources are the documents recommendations come from: the sources context records them, and
 * the register reads them, so a recommendation can belong to one source and one of its themes.
 */

/** A source's identifier, such as ircsc-final-report-2022: lower case words joined by hyphens. */
export const SOURCE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A source as other contexts need it, as it stands now. */
export interface SourceOfRecommendations {
  id: string;
  title: string;
  kind: string;
  publisher: string;
  /** YYYY-MM-DD; the 1st of the month or year where only that is known. */
  publishedOn: string;
  url: string | null;
  /** The source's own themes (its chapters), in its order. */
  themes: readonly string[];
}

/**
 * Looks a source up as the event store holds it now (not a read model that may lag), so a
 * command is checked against the source's latest themes. The sources context provides it.
 */
export abstract class SourceCatalogue {
  abstract find(sourceId: string): Promise<SourceOfRecommendations | null>;
}
