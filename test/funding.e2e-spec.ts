import { errorCode, TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const CUMBRIA = 'E10000006';
const CUMBERLAND = 'E06000063';
const SWIS = 'social-workers-in-schools';
const HUBS = 'family-hubs-trailblazers';
const TODAY = '2026-11-23';
const FIELDS =
  'allocationId programmeId areaCode areaName regionName amountPence amount periodStart periodEnd sourceUrl allocatedOn fundingSource grantName withdrawn';
const SOURCE = 'https://www.gov.uk/government/publications/example-grant-determination';

describe('funding by area over HTTP', () => {
  const server = new TrackerServer('funding', { CLOCK_FIXED_AT: `${TODAY}T12:00:00Z` });
  const tokens: Record<string, string> = {};
  const head = async () => (await server.healthDetail()).body.store.headPosition;
  const gql = (query: string, variables: Record<string, unknown> = {}, token = tokens.board) =>
    server.gql(query, variables, token);
  const mutate = (name: string, input: Record<string, unknown>, token = tokens.board) =>
    gql(
      `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${FIELDS} } }`,
      { input },
      token,
    );
  const grant = (changes: Record<string, unknown> = {}) => ({
    programmeId: SWIS,
    areaCode: LAMBETH,
    amountPence: 12_345_678,
    periodStart: '2025-04-01',
    periodEnd: '2026-03-31',
    sourceUrl: SOURCE,
    allocatedOn: '2025-03-20',
    fundingSource: 'Department for Education',
    ...changes,
  });
  const allocations = async (args = '') =>
    (await gql(`{ grantAllocations${args} { allocationId amountPence amount areaCode } }`)).data
      ?.grantAllocations;

  beforeAll(async () => {
    await server.start();
    tokens.board = server.createToken('BOARD_MEMBER', 'Ada Board');
    tokens.admin = server.createToken('ADMIN', 'Ann Admin');
    tokens.lambeth = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
  });
  afterAll(() => server.dispose());

  it('seeds no grant: the shipped data names no council amount for certain', async () => {
    expect(await allocations()).toEqual([]);
  });

  it('records a grant, answers a retry with the same and writes nothing more', async () => {
    const input = { ...grant(), commandId: 'grant-lambeth-1', reason: 'Published determination' };
    const recorded = await mutate('allocateGrant', input);
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.allocateGrant).toEqual({
      allocationId: `${LAMBETH}-2025-04-01-to-2026-03-31`,
      programmeId: SWIS,
      areaCode: LAMBETH,
      areaName: 'Lambeth',
      regionName: 'London',
      amountPence: 12_345_678,
      amount: '£123,456.78',
      periodStart: '2025-04-01',
      periodEnd: '2026-03-31',
      sourceUrl: SOURCE,
      allocatedOn: '2025-03-20',
      fundingSource: 'Department for Education',
      grantName: null,
      withdrawn: false,
    });
    const before = await head();
    const retried = await mutate('allocateGrant', input);
    expect(retried.data?.allocateGrant).toEqual(recorded.data?.allocateGrant);
    expect(await head()).toBe(before);
    // Read your writes: the list has it once the mutation answers; every role reads grants.
    expect(
      (await gql('{ grantAllocations(areaCode: "E09000022") { amount } }', {}, tokens.lambeth)).data
        ?.grantAllocations,
    ).toEqual([{ amount: '£123,456.78' }]);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = await head();
    const refused = async (changes: Record<string, unknown>, token = tokens.board) =>
      (
        await mutate(
          'allocateGrant',
          grant({ periodStart: '2024-04-01', periodEnd: '2025-03-31', ...changes }),
          token,
        )
      ).errors?.[0].extensions;
    expect(await refused({ amountPence: -1 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'amountPence',
    });
    expect(await refused({ amountPence: 1.5 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'amountPence',
    });
    expect(await refused({ periodEnd: '2024-03-31' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'periodEnd',
      rule: 'notBeforeStart',
    });
    // The Date scalar refuses a date that does not exist before the input reaches its rules.
    expect(await refused({ periodStart: '2024-02-30' })).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      field: 'input.periodStart',
    });
    expect(await refused({ sourceUrl: 'grants.pdf' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'sourceUrl',
    });
    expect(await refused({ allocatedOn: '2026-11-24' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'allocatedOn',
      rule: 'notInFuture',
    });
    expect(await refused({ areaCode: 'E09999999' })).toMatchObject({
      code: 'UNKNOWN_AREA',
      field: 'areaCode',
    });
    expect(await refused({ programmeId: 'no-such-programme' })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'programmeId',
    });
    expect(
      await refused({ areaCode: CUMBRIA, periodStart: '2023-01-01', periodEnd: '2023-12-31' }),
    ).toMatchObject({
      code: 'AREA_REPLACED',
      field: 'areaCode',
    });
    expect(await refused({}, tokens.lambeth)).toMatchObject({ code: 'FORBIDDEN' });
    const second = await mutate('allocateGrant', grant({ allocationId: 'second', amountPence: 1 }));
    expect(second.errors?.[0].extensions).toMatchObject({
      code: 'ALREADY_EXISTS',
      field: 'periodStart',
      allocationId: `${LAMBETH}-2025-04-01-to-2026-03-31`,
    });
    expect(second.errors?.[0].message).toContain('correct that allocation instead');
    expect(await head()).toBe(before);
  });

  it('corrects and withdraws, each with a reason, and the list follows', async () => {
    const id = `${SOUTHWARK}-2025-04-01-to-2026-03-31`;
    expect(
      (await mutate('allocateGrant', grant({ areaCode: SOUTHWARK, amountPence: 100 }))).errors,
    ).toBeUndefined();
    const before = await head();
    const unchanged = await mutate('correctGrantAllocation', {
      programmeId: SWIS,
      allocationId: id,
      amountPence: 100,
      reason: 'Typo',
    });
    expect(unchanged.errors?.[0].extensions).toMatchObject({
      field: 'allocationId',
      rule: 'changesSomething',
    });
    const noReason = await mutate('correctGrantAllocation', {
      programmeId: SWIS,
      allocationId: id,
      amountPence: 5,
    });
    expect(noReason.errors?.[0].extensions).toMatchObject({ field: 'reason', rule: 'required' });
    expect(await head()).toBe(before);
    const corrected = await mutate('correctGrantAllocation', {
      programmeId: SWIS,
      allocationId: id,
      amountPence: 250,
      reason: 'The determination was revised',
    });
    expect(corrected.data?.correctGrantAllocation).toMatchObject({
      amountPence: 250,
      amount: '£2.50',
    });
    expect(await allocations('(areaCode: "E09000028")')).toEqual([
      { allocationId: id, amountPence: 250, amount: '£2.50', areaCode: SOUTHWARK },
    ]);
    const withdrawn = await mutate('withdrawGrantAllocation', {
      programmeId: SWIS,
      allocationId: id,
      reason: 'Recorded in error',
    });
    expect(withdrawn.data?.withdrawGrantAllocation).toMatchObject({
      allocationId: id,
      withdrawn: true,
    });
    expect(await allocations('(areaCode: "E09000028")')).toEqual([]);
    expect(
      errorCode(
        await mutate('withdrawGrantAllocation', {
          programmeId: SWIS,
          allocationId: id,
          reason: 'Again',
        }),
      ),
    ).toBe('INVALID_TRANSITION');
  });

  it('sums grants by region and programme to the penny', async () => {
    for (const input of [
      grant({ programmeId: HUBS, amountPence: 1 }),
      grant({ programmeId: HUBS, areaCode: CUMBERLAND, amountPence: 2 }),
      grant({
        programmeId: HUBS,
        areaCode: CUMBRIA,
        amountPence: 4,
        periodStart: '2022-04-01',
        periodEnd: '2023-03-31',
      }),
    ]) {
      expect((await mutate('allocateGrant', input, tokens.admin)).errors).toBeUndefined();
    }
    const regions = (
      await gql(
        '{ fundingByRegion { regionName totalPence total programmes { programmeId totalPence total } } }',
      )
    ).data?.fundingByRegion as { regionName: string; totalPence: number; programmes: unknown[] }[];
    expect(regions).toHaveLength(9);
    expect(regions.find((region) => region.regionName === 'London')).toEqual({
      regionName: 'London',
      totalPence: 12_345_679,
      total: '£123,456.79',
      programmes: [
        { programmeId: HUBS, totalPence: 1, total: '£0.01' },
        { programmeId: SWIS, totalPence: 12_345_678, total: '£123,456.78' },
      ],
    });
    expect(regions.find((region) => region.regionName === 'North West')?.totalPence).toBe(6);
    expect(
      await allocations('(region: "North West", programmeId: "family-hubs-trailblazers")'),
    ).toEqual([
      {
        allocationId: `${CUMBERLAND}-2025-04-01-to-2026-03-31`,
        amountPence: 2,
        amount: '£0.02',
        areaCode: CUMBERLAND,
      },
      {
        allocationId: `${CUMBRIA}-2022-04-01-to-2023-03-31`,
        amountPence: 4,
        amount: '£0.04',
        areaCode: CUMBRIA,
      },
    ]);
    expect(errorCode(await gql('{ grantAllocations(region: "Atlantis") { amount } }'))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
