import { decide, SourceCommand, SourceDecisionContext } from '../domain/decide';
import { SourceEvent, SourceKind } from '../domain/source.events';
import { foldSource } from '../domain/source.state';

export const NOW = new Date('2025-06-01T12:00:00.000Z');

const context = (overrides: Partial<SourceDecisionContext>): SourceDecisionContext => ({
  occurredAt: '2025-05-01T00:00:00.000Z',
  reason: 'The report names its chapters so',
  now: NOW,
  ...overrides,
});

/** Given events (each at a business date), when a command, then events or an error. */
export function given(...history: [SourceEvent, string?][]) {
  const state = foldSource(
    history.map(([event, occurredAt]) => ({
      event,
      occurredAt: occurredAt ?? '2022-05-23T00:00:00.000Z',
    })),
  );
  return {
    when: (command: SourceCommand, overrides: Partial<SourceDecisionContext> = {}) => ({
      then: () => decide(command, state, context(overrides)),
    }),
  };
}

export const ID = 'ircsc-final-report-2022';

export const details = {
  kind: SourceKind.INDEPENDENT_REVIEW,
  title: "The independent review of children's social care: final report",
  publisher: "Independent Review of Children's Social Care",
  publishedOn: '2022-05-23',
  url: 'https://gov.uk/government/groups/independent-review-of-childrens-social-care',
  themes: ['Reset', 'A revolution in Family Help', 'Implementation'],
};

export const add = { kind: 'AddSource' as const, id: ID, details };

/** Adding the source with some details changed. */
export const addWith = (changes: Record<string, unknown>): SourceCommand => ({
  ...add,
  details: { ...details, ...changes },
});

export const added: SourceEvent = { type: 'SourceAdded', data: { id: ID, ...details } };

export { refusal } from '@app/kernel';
