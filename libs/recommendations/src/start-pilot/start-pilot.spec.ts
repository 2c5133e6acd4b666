import { ErrorCode } from '@app/kernel';
import {
  accepted,
  funded,
  given,
  ID,
  piloted,
  proposed,
  refusal,
  rejected,
} from '../testing/scenario';

const startPilot = {
  kind: 'StartPilot' as const,
  evidenceUrl: null,
  id: ID,
  areas: ['E09000022'],
  startDate: '2023-07-26',
  plannedEndDate: null,
};

describe('start a pilot', () => {
  it('given it is funded, starts the pilot in the named areas', () => {
    expect(given([proposed], [accepted], [funded]).when(startPilot).then()).toEqual([piloted]);
  });

  it('given it is only accepted, starts it with a reason, recording Funded as skipped', () => {
    const [event] = given([proposed], [accepted]).when(startPilot).then();
    expect(event).toMatchObject({ data: { skippedStages: ['FUNDED'] } });
  });

  it('given it is rejected, refuses with INVALID_TRANSITION', () => {
    expect(refusal(given([proposed], [rejected]).when(startPilot).then).code).toBe(
      ErrorCode.INVALID_TRANSITION,
    );
  });

  it('refuses an unknown area code with UNKNOWN_AREA naming it', () => {
    const error = refusal(
      given([proposed], [accepted], [funded]).when({ ...startPilot, areas: ['E09999999'] }).then,
    );
    expect(error).toMatchObject({
      code: ErrorCode.UNKNOWN_AREA,
      details: { areaCodes: ['E09999999'] },
    });
  });

  it('refuses an area named twice', () => {
    const error = refusal(
      given([proposed], [accepted], [funded]).when({
        ...startPilot,
        areas: ['E09000022', 'E09000022'],
      }).then,
    );
    expect(error).toMatchObject({ details: { field: 'areas', rule: 'unique' } });
  });

  it('refuses a planned end before the start', () => {
    const error = refusal(
      given([proposed], [accepted], [funded]).when({ ...startPilot, plannedEndDate: '2023-01-01' })
        .then,
    );
    expect(error).toMatchObject({ details: { field: 'plannedEndDate', rule: 'notBeforeStart' } });
  });
});
