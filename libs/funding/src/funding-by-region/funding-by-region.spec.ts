import { fundingByRegion } from './funding-by-region';
import { allocation } from '../testing/scenario';

const LONDON = { regionCode: 'E12000007', regionName: 'London' };
const NORTH_WEST = { regionCode: 'E12000002', regionName: 'North West' };
const regionOf = (code: string) => (code.startsWith('E09') ? LONDON : NORTH_WEST);

describe('funding by region', () => {
  it('sums to the penny by region and programme, with zeros where nothing was allocated', () => {
    const result = fundingByRegion(
      [
        allocation({ amountPence: 101 }),
        allocation({ allocationId: 'b', areaCode: 'E09000028', amountPence: 202 }),
        allocation({ allocationId: 'c', programmeId: 'other', amountPence: 3 }),
        allocation({ allocationId: 'd', areaCode: 'E10000006', amountPence: 7 }),
      ],
      [NORTH_WEST, LONDON],
      ['families-first-partnership', 'other', 'none'],
      regionOf,
    );
    expect(result.regions).toEqual([
      {
        ...NORTH_WEST,
        totalPence: 7,
        programmes: [
          { programmeId: 'families-first-partnership', totalPence: 7 },
          { programmeId: 'other', totalPence: 0 },
          { programmeId: 'none', totalPence: 0 },
        ],
      },
      {
        ...LONDON,
        totalPence: 306,
        programmes: [
          { programmeId: 'families-first-partnership', totalPence: 303 },
          { programmeId: 'other', totalPence: 3 },
          { programmeId: 'none', totalPence: 0 },
        ],
      },
    ]);
    expect(result.programmes.map((p) => p.totalPence)).toEqual([310, 3, 0]);
    expect(result.totalPence).toBe(313);
  });
});
