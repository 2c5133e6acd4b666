import { Rag } from '../domain/area-rollout';
import { actors, areaOf, enrolled, givenArea, LAMBETH, refusal } from '../testing/scenario';

const status = (periodStart: string, periodEnd: string, rag = Rag.AMBER) =>
  ({
    kind: 'ReportStatus',
    rag,
    commentary: 'Recruitment slower than planned',
    periodStart,
    periodEnd,
  }) as const;

describe('report a status', () => {
  it('given an enrolled area, when its local authority reports a RAG status, then it is recorded', () => {
    expect(
      givenArea(LAMBETH, enrolled())
        .when(status('2024-01-01', '2024-03-31'), { actor: actors.lambeth })
        .then(),
    ).toEqual([
      {
        type: 'StatusReported',
        data: {
          rag: Rag.AMBER,
          commentary: 'Recruitment slower than planned',
          periodStart: '2024-01-01',
          periodEnd: '2024-03-31',
        },
      },
    ]);
  });

  it('refuses a period that ends before it starts, starts in the future, or has no commentary', () => {
    expect(
      refusal(() => givenArea(LAMBETH, enrolled()).when(status('2024-03-31', '2024-01-01')).then())
        .details,
    ).toEqual({ field: 'periodEnd', rule: 'notBeforeStart' });
    expect(
      refusal(() => givenArea(LAMBETH, enrolled()).when(status('2025-07-01', '2025-09-30')).then())
        .details,
    ).toEqual({ field: 'periodStart', rule: 'notInFuture' });
    expect(
      refusal(() =>
        givenArea(LAMBETH, enrolled())
          .when({ ...status('2024-01-01', '2024-03-31'), commentary: ' ' })
          .then(),
      ).details,
    ).toEqual({ field: 'commentary', rule: 'required' });
  });

  it('a back-dated report for an earlier period does not hide the latest period’s status', () => {
    const report = (periodStart: string, periodEnd: string, rag: Rag) => ({
      type: 'StatusReported' as const,
      data: { rag, commentary: 'Quarterly return', periodStart, periodEnd },
    });
    const latest = report('2024-04-01', '2024-06-30', Rag.GREEN);
    const older = report('2024-01-01', '2024-03-31', Rag.RED);
    expect(areaOf(LAMBETH, enrolled(), latest, older)?.status?.rag).toBe(Rag.GREEN);
    expect(areaOf(LAMBETH, enrolled(), older, latest)?.status?.rag).toBe(Rag.GREEN);
  });
});
