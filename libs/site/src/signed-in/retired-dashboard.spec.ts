import { pageReplacingDashboard } from './retired-dashboard';

describe("the retired dashboard's addresses", () => {
  it('lead to the page that replaced each view', () => {
    expect(pageReplacingDashboard({})).toBe('/overview');
    expect(pageReplacingDashboard({ view: 'history' })).toBe('/history');
    expect(pageReplacingDashboard({ view: 'report' })).toBe('/report');
    expect(pageReplacingDashboard({ view: 'programmes' })).toBe('/overview/programmes');
    expect(pageReplacingDashboard({ view: 'programme', id: 'family-hubs' })).toBe(
      '/overview/programmes/family-hubs',
    );
  });

  it('never build an address from what is not a programme id', () => {
    expect(pageReplacingDashboard({ view: 'programme', id: '../../evil' })).toBe('/overview');
    expect(pageReplacingDashboard({ view: 'constructor' })).toBe('/overview');
  });
});
