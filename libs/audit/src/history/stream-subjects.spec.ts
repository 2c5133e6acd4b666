import { subjectsOf } from './stream-subjects';

describe('what a stream is about', () => {
  it('names the recommendation, the programme and the area of each kind of stream', () => {
    expect(subjectsOf('recommendation-CSC-SWIS')).toEqual({
      recommendationId: 'CSC-SWIS',
      programmeId: null,
      areaCode: null,
    });
    expect(subjectsOf('programme-family-hubs')).toEqual({
      recommendationId: null,
      programmeId: 'family-hubs',
      areaCode: null,
    });
    expect(subjectsOf('rollout-family-hubs.E09000022')).toEqual({
      recommendationId: null,
      programmeId: 'family-hubs',
      areaCode: 'E09000022',
    });
    expect(subjectsOf('area-E10000006')).toEqual({
      recommendationId: null,
      programmeId: null,
      areaCode: 'E10000006',
    });
    expect(subjectsOf('audit-seals')).toEqual({
      recommendationId: null,
      programmeId: null,
      areaCode: null,
    });
  });
});
