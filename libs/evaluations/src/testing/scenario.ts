import {
  decideEvaluation,
  EvaluationCommand,
  EvaluationDecisionContext,
  EvaluationEvent,
  EvaluationPublished,
  EvaluationSubjectKind,
  Finding,
  foldEvaluation,
} from '../domain/evaluation';

export const NOW = new Date('2025-06-01T12:00:00.000Z');

const context = (overrides: Partial<EvaluationDecisionContext>): EvaluationDecisionContext => ({
  occurredAt: '2023-03-30T00:00:00.000Z',
  now: NOW,
  today: '2025-06-01',
  subjectExists: true,
  ...overrides,
});

/** Given events, when a command, then events or an error: the decider's tests read as the rules do. */
export function given(...history: EvaluationEvent[]) {
  const state = foldEvaluation(history);
  return {
    when: (command: EvaluationCommand, overrides: Partial<EvaluationDecisionContext> = {}) => ({
      then: () => decideEvaluation(command, state, context(overrides)),
    }),
  };
}

export const ID = 'swis-trial-result';

export const published: EvaluationPublished = {
  type: 'EvaluationPublished',
  data: {
    id: ID,
    subject: { kind: EvaluationSubjectKind.PROGRAMME, id: 'social-workers-in-schools' },
    publishedOn: '2023-03-30',
    evaluator: "What Works for Children's Social Care",
    finding: Finding.NO_EFFECT,
    url: 'https://www.communitycare.co.uk/2023/03/30/no-evidence/',
    summary: 'No statistically significant effect on section 47 enquiries.',
  },
};

export const record = (
  overrides: Partial<Extract<EvaluationCommand, { kind: 'RecordEvaluation' }>> = {},
): EvaluationCommand => {
  const { id, subject, publishedOn, evaluator, finding, url, summary } = published.data;
  return {
    kind: 'RecordEvaluation',
    id,
    subject,
    publishedOn,
    evaluator,
    finding,
    url,
    summary,
    ...overrides,
  };
};

export { refusal } from '@app/kernel';
