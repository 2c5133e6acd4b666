import { readFileSync } from 'fs';
import { join } from 'path';
import { TrackerServer } from './support/tracker-server';

/** The shipped data as the test reads it: expectations come from the file, not from lists here. */
interface Step {
  stage: string;
  on: string;
  evidence: string;
}
interface Shipped {
  id: string;
  sourceId: string;
  proposedOn: string;
  governmentResponse?: { on: string; url: string } | null;
  knownHistory?: Step[];
}
const data = (file: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', 'reference-data', file), 'utf8'));
const SHIPPED = (data('recommendations.json') as { recommendations: Shipped[] }).recommendations;
const SOURCES = new Map(
  (data('sources.json') as { sources: { id: string; publishedOn: string }[] }).sources.map(
    (source) => [source.id, source],
  ),
);

/** Where the data's dated facts put a recommendation on a day: null before it was made. */
function stageOn(recommendation: Shipped, day: string): string | null {
  if (recommendation.proposedOn > day) return null;
  const steps = (recommendation.knownHistory ?? []).filter((step) => step.on <= day);
  return steps.at(-1)?.stage ?? 'PROPOSED';
}

const DAYS = ['2016-07-12', '2016-07-13', '2019-01-01', '2022-06-01', '2022-12-01', '2024-01-01'];

/**
 * The shipped register, seeded on a fresh store, read as things stood on chosen dates: every
 * recommendation stands where the data's dated facts put it, and none is dated before its source.
 */
describe('the shipped register over time', () => {
  const server = new TrackerServer('shipped-register');
  let reader: string;
  const gql = (query: string, variables: Record<string, unknown> = {}) =>
    server.gql(query, variables, reader);
  const read = async (id: string, validAt: string) => {
    const response = await gql(
      `query($id: ID!, $validAt: String) { recommendation(id: $id, validAt: $validAt) {
        stage sourceId proposedAt source { name url }
        governmentResponse { decision respondedOn evidenceUrl }
        rollout { skippedStages evidenceUrl } rejection { evidenceUrl }
      } }`,
      { id, validAt },
    );
    if (response.errors?.[0]?.extensions.code === 'NOT_FOUND') return null;
    expect(response.errors).toBeUndefined();
    return response.data!.recommendation as Record<string, unknown> & { stage: string };
  };

  beforeAll(async () => {
    await server.start();
    reader = server.createToken('AUDITOR', 'Ada Auditor');
  });
  afterAll(() => server.dispose());

  it.each(DAYS)('on %s, every recommendation stands where its dated facts put it', async (day) => {
    for (const recommendation of SHIPPED) {
      const found = await read(recommendation.id, day);
      expect([recommendation.id, found?.stage ?? null]).toEqual([
        recommendation.id,
        stageOn(recommendation, day),
      ]);
    }
  });

  it("on 1 January 2019 the register shows the 2016 committee's recommendations and the 80-20 campaign, nothing from 2022", async () => {
    const page = await (await fetch(`${server.url}/register?validAt=2019-01-01`)).text();
    const shown = SHIPPED.filter((recommendation) => recommendation.proposedOn <= '2019-01-01');
    expect(shown.map((recommendation) => recommendation.id).sort()).toEqual(
      [
        'BASW-80-20',
        ...SHIPPED.filter((r) => r.sourceId === 'ec-2016-social-work-reform').map((r) => r.id),
      ].sort(),
    );
    expect(page).toContain(`<strong>${shown.length}</strong> recommendations`);
    for (const recommendation of SHIPPED)
      expect([recommendation.id, page.includes(`/register/${recommendation.id}?`)]).toEqual([
        recommendation.id,
        shown.includes(recommendation),
      ]);
  });

  it('CSC-NIB moved from Accepted to Rolled out, skipping the stages no dated fact shows', async () => {
    expect(await read('CSC-NIB', '2022-06-01')).toMatchObject({ stage: 'ACCEPTED', rollout: null });
    expect(await read('CSC-NIB', '2022-12-01')).toMatchObject({
      stage: 'ROLLED_OUT',
      rollout: { skippedStages: ['FUNDED', 'PILOTED'] },
    });
    const page = await (await fetch(`${server.url}/register/CSC-NIB`)).text();
    expect(page).toContain('Moved from Accepted to Rolled out, skipping Funded and Piloted: ');
  });

  it("the 2016 committee's call for one Chief Social Worker was rejected, with the response on record", async () => {
    const found = await read('EC-2016-ONE-CHIEF-SOCIAL-WORKER', '2026-01-01');
    const shipped = SHIPPED.find((r) => r.id === 'EC-2016-ONE-CHIEF-SOCIAL-WORKER')!;
    expect(found).toMatchObject({
      stage: 'REJECTED',
      rejection: { evidenceUrl: shipped.knownHistory![0].evidence },
      governmentResponse: {
        decision: 'REJECTED',
        respondedOn: shipped.governmentResponse!.on,
        evidenceUrl: shipped.governmentResponse!.url,
      },
    });
  });

  it('every recommendation names its source by title and is dated on or after it', async () => {
    for (const recommendation of SHIPPED) {
      const found = (await read(recommendation.id, '2026-01-01'))!;
      const source = SOURCES.get(recommendation.sourceId)!;
      expect(found.sourceId).toBe(recommendation.sourceId);
      expect((found.source as { name: string }).name).not.toMatch(/\.(json|md|txt|pdf)$|^seed/i);
      const madeOn = new Date(String(found.proposedAt)).toLocaleDateString('en-CA', {
        timeZone: 'Europe/London',
      });
      expect([recommendation.id, madeOn >= source.publishedOn]).toEqual([recommendation.id, true]);
    }
  });
});
