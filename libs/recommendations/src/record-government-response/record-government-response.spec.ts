import { ErrorCode } from '@app/kernel';
import { RecommendationEvent, ResponseDecision } from '../domain/recommendation.events';
import { foldRecommendation } from '../domain/recommendation.state';
import { accepted, given, ID, proposed, refusal } from '../testing/scenario';

const respond = {
  kind: 'RecordGovernmentResponse' as const,
  id: ID,
  decision: ResponseDecision.ACCEPTED_IN_PRINCIPLE,
  respondedOn: '2023-02-02',
  evidenceUrl: 'https://commonslibrary.parliament.uk/research-briefings/cbp-9818/',
  note: 'accepted, to be tested first in a pathfinder',
};
const { kind: _kind, id: _id, ...facts } = respond;
const recorded: RecommendationEvent = { type: 'RecommendationResponseRecorded', data: facts };
const PROPOSED_ON = '2022-05-23T00:00:00.000Z';

describe("record the government's response", () => {
  it('given it is proposed, records the response as a dated fact, moving no stage', () => {
    expect(given([proposed, PROPOSED_ON]).when(respond).then()).toEqual([recorded]);
  });

  it('records a response beside any stage', () => {
    expect(given([proposed, PROPOSED_ON], [accepted]).when(respond).then()).toEqual([recorded]);
  });

  it('given nothing, refuses with NOT_FOUND', () => {
    expect(refusal(given().when(respond).then).code).toBe(ErrorCode.NOT_FOUND);
  });

  it('refuses a response dated in the future', () => {
    const error = refusal(
      given([proposed, PROPOSED_ON]).when({ ...respond, respondedOn: '2025-06-02' }).then,
    );
    expect(error).toMatchObject({ details: { field: 'respondedOn', rule: 'notInFuture' } });
  });

  it('refuses a response dated before the recommendation was made', () => {
    const error = refusal(
      given([proposed, PROPOSED_ON]).when({ ...respond, respondedOn: '2022-05-22' }).then,
    );
    expect(error).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { field: 'respondedOn', rule: 'notBeforeProposal' },
    });
  });

  it('shows the latest response by its date; the earlier stays in the history', () => {
    const later: RecommendationEvent = {
      type: 'RecommendationResponseRecorded',
      data: { ...facts, decision: ResponseDecision.ACCEPTED_IN_FULL, respondedOn: '2024-01-01' },
    };
    const at = (event: RecommendationEvent) => ({ event, occurredAt: PROPOSED_ON, reason: null });
    const state = foldRecommendation([at(proposed), at(later), at(recorded)]);
    expect(state).toMatchObject({
      stage: 'PROPOSED',
      version: 3,
      governmentResponse: { decision: 'ACCEPTED_IN_FULL', respondedOn: '2024-01-01' },
    });
  });
});
