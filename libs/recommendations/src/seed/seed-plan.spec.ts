import { readReferenceData } from '@app/kernel';
import { ResponseDecision } from '../domain/recommendation.events';
import { ShippedRecommendations } from '../shipped-recommendations';
import { responseDecisionOf, stepsOf, themeInSource } from './seed-plan';

const shipped = ShippedRecommendations.load().recommendations;
const byId = (id: string) => shipped.find((recommendation) => recommendation.id === id)!;
const sources = JSON.parse(readReferenceData('sources.json')) as {
  sources: { id: string; themes: string[] }[];
};
const themesOf = (sourceId: string) =>
  sources.sources.find((source) => source.id === sourceId)?.themes ?? [];

describe('seeding the shipped recommendations', () => {
  it.each([
    ['accepted', ResponseDecision.ACCEPTED_IN_FULL],
    ['government commitment', ResponseDecision.ACCEPTED_IN_FULL],
    ['accepted, to be tested first in a pathfinder', ResponseDecision.ACCEPTED_IN_PRINCIPLE],
    ['accepted in part: to be tested in a pathfinder', ResponseDecision.ACCEPTED_IN_PART],
    ['accepted with changes', ResponseDecision.ACCEPTED_IN_PART],
    ['rejected (regulator kept)', ResponseDecision.REJECTED],
    ['noted', ResponseDecision.NOTED],
  ])('reads the decision "%s" as %s', (words, decision) => {
    expect(responseDecisionOf(words)).toBe(decision);
  });

  it('gives each its theme in its own source, or none where the source lists none', () => {
    expect(themeInSource(byId('EC-2016-RETENTION'), themesOf('ec-2016-social-work-reform'))).toBe(
      'Retention',
    );
    expect(themeInSource(byId('CSC-NIB'), themesOf('ircsc-final-report-2022'))).toBe(
      'Implementation',
    );
    expect(themeInSource(byId('CSC-SWIS'), themesOf('dfe-2022-05-23-initial-response'))).toBeNull();
  });

  it('proposes on the day it was made, records the response, and skips with a reason', () => {
    const nib = byId('CSC-NIB');
    const steps = stepsOf(nib, themesOf(nib.sourceId), undefined);
    expect(steps.map((step) => [step.command.kind, step.on])).toEqual([
      ['ProposeRecommendation', '2022-05-23'],
      ['AcceptRecommendation', '2022-05-23'],
      ['RecordGovernmentResponse', '2022-05-23'],
      ['RollOutRecommendation', '2022-11-01'],
    ]);
    expect(steps[3].reason).toMatch(/^No dated public fact exists for Funded and Piloted\. /);
    expect(steps[3].command).toMatchObject({ evidenceUrl: nib.knownHistory![1].evidence });
  });

  it('never invents a step: one command per dated fact, besides the proposal and response', () => {
    for (const recommendation of shipped) {
      const steps = stepsOf(recommendation, themesOf(recommendation.sourceId), undefined);
      expect(steps).toHaveLength(
        1 +
          (recommendation.knownHistory?.length ?? 0) +
          (recommendation.governmentResponse ? 1 : 0),
      );
    }
  });

  it('rejects where the record says so', () => {
    const rejected = byId('EC-2016-ONE-CHIEF-SOCIAL-WORKER');
    expect(stepsOf(rejected, [], undefined).map((step) => step.command.kind)).toContain(
      'RejectRecommendation',
    );
  });
});
