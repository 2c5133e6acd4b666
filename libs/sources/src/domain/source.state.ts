import type { SourceOfRecommendations } from '@app/kernel';
import { SourceHistoryEntry, SourceKind } from './source.events';

/** A source as it stands after its events. */
export interface Source extends SourceOfRecommendations {
  kind: SourceKind;
  themes: string[];
  /** Count of events folded: the stream version this state reflects. */
  version: number;
  /** Business time it was added (its publication, when seeded) and last corrected. */
  addedAt: string;
  correctedAt: string | null;
}

/** Folds one event into the state. Events are facts: evolve never refuses them. */
export function evolve(state: Source | null, { event, occurredAt }: SourceHistoryEntry): Source {
  if (event.type === 'SourceAdded') {
    return { ...event.data, version: 1, addedAt: occurredAt, correctedAt: null };
  }
  if (!state) throw new Error(`${event.type} cannot start a source's stream`);
  return { ...state, ...event.data, version: state.version + 1, correctedAt: occurredAt };
}

export const foldSource = (history: readonly SourceHistoryEntry[]): Source | null =>
  history.reduce<Source | null>((state, entry) => evolve(state, entry), null);
