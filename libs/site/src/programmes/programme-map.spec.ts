import { AreaStage } from '@app/rollout';
import { hexGrid, shippedHexJson } from './hex-map';
import { describeArea, MAP_KEY, programmeMap } from './programme-map';
import { register, rollup } from './testing-fixtures';

/** WCAG's contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

describe('the map key', () => {
  it.each(Object.entries(MAP_KEY))(
    '%s stands out from the page and its letter from its fill',
    (_, look) => {
      const edge = contrast(look.stroke, '#ffffff') >= 3 ? look.stroke : look.fill;
      expect(contrast(edge, '#ffffff')).toBeGreaterThanOrEqual(3);
      if (look.short) expect(contrast(look.ink, look.fill)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('tells every state apart by its letter or its edge, not by colour alone', () => {
    const marks = Object.values(MAP_KEY).map((look) => `${look.short}|${look.stroke}`);
    expect(new Set(marks).size).toBe(marks.length);
  });
});

describe('describeArea', () => {
  const [lambeth] = rollup.areas.filter((area) => area.areaCode === 'E09000022');

  it('gives the stage, the milestones and the status colour, never the commentary', () => {
    expect(describeArea('Lambeth', 'London', lambeth)).toBe(
      'Lambeth, London: in progress, 1 of 2 milestones achieved, status amber',
    );
  });

  it('says when an area is not enrolled', () => {
    expect(describeArea('Kent', 'South East', undefined)).toBe('Kent, South East: not enrolled');
  });
});

describe('programmeMap', () => {
  const map = programmeMap(
    hexGrid(shippedHexJson()),
    rollup,
    (code) => register.regions.find((region) => region.regionCode === code)!.regionName,
    (code) => `/programmes/hubs/areas/${code}?validAt=2024-06-01`,
  );

  it('counts every area on the map once in the key', () => {
    const counts = Object.fromEntries(map.key.map((entry) => [entry.state, entry.count]));
    expect(counts).toEqual({
      [AreaStage.COMPLETED]: 1,
      [AreaStage.IN_PROGRESS]: 1,
      [AreaStage.ENROLLED]: 1,
      [AreaStage.WITHDRAWN]: 1,
      NOT_ENROLLED: 149,
    });
  });

  it("links each area to its page on the page's date, with its state as the tooltip", () => {
    expect(map.svg.match(/<a /g)).toHaveLength(153);
    expect(map.svg).toContain(
      '<a href="/programmes/hubs/areas/E09000022?validAt=2024-06-01" tabindex="-1" data-area-code="E09000022" data-area-name="Lambeth"><title>Lambeth, London: in progress, 1 of 2 milestones achieved, status amber</title>',
    );
    expect(map.svg).not.toContain('Recruitment');
  });
});
