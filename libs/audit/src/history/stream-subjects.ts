import { AREA_STREAM_PREFIX } from '@app/areas';
import { FUNDING_STREAM_PREFIX } from '@app/funding';
import { RECOMMENDATION_STREAM_PREFIX } from '@app/recommendations';
import {
  AREA_ROLLOUT_STREAM_PREFIX,
  parseAreaRolloutStream,
  PROGRAMME_STREAM_PREFIX,
} from '@app/rollout';

/** What a stream is about, so the history can be filtered by recommendation, programme or area. */
export interface StreamSubjects {
  recommendationId: string | null;
  programmeId: string | null;
  areaCode: string | null;
}

export function subjectsOf(streamId: string): StreamSubjects {
  const none: StreamSubjects = { recommendationId: null, programmeId: null, areaCode: null };
  if (streamId.startsWith(RECOMMENDATION_STREAM_PREFIX)) {
    return { ...none, recommendationId: streamId.slice(RECOMMENDATION_STREAM_PREFIX.length) };
  }
  if (streamId.startsWith(PROGRAMME_STREAM_PREFIX)) {
    return { ...none, programmeId: streamId.slice(PROGRAMME_STREAM_PREFIX.length) };
  }
  if (streamId.startsWith(AREA_ROLLOUT_STREAM_PREFIX)) {
    return { ...none, ...parseAreaRolloutStream(streamId) };
  }
  // A programme's grants: the area of each is in its facts, not its stream.
  if (streamId.startsWith(FUNDING_STREAM_PREFIX)) {
    return { ...none, programmeId: streamId.slice(FUNDING_STREAM_PREFIX.length) };
  }
  if (streamId.startsWith(AREA_STREAM_PREFIX)) {
    return { ...none, areaCode: streamId.slice(AREA_STREAM_PREFIX.length) };
  }
  return none;
}
