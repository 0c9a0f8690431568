import { describe, expect, it } from '@jest/globals';
import { REGIONS, regionByCode, resolveRegion } from '../../shared/regions.js';

describe('regions of Kazakhstan', () => {
  it('does list 17 regions and 3 cities of republican significance with unique codes', () => {
    expect(REGIONS.filter((r) => r.kind === 'region')).toHaveLength(17);
    expect(REGIONS.filter((r) => r.kind === 'city').map((r) => r.nameEn)).toEqual([
      'Astana',
      'Almaty',
      'Shymkent',
    ]);
    expect(new Set(REGIONS.map((r) => r.code)).size).toBe(20);
    for (const r of REGIONS) expect(r.code).toMatch(/^KZ-\d{2}$/);
  });

  it('does include the regions created in 2022', () => {
    expect(regionByCode('KZ-10')?.nameEn).toBe('Abai Region');
    expect(regionByCode('KZ-33')?.nameKk).toBe('Жетісу облысы');
    expect(regionByCode('KZ-62')?.nameRu).toBe('Область Ұлытау');
  });

  it('does resolve codes and names in any language, ignoring case and spaces', () => {
    expect(resolveRegion('KZ-79')).toBe('KZ-79');
    expect(resolveRegion('  карагандинская   область ')).toBe('KZ-35');
    expect(resolveRegion('ҚАРАҒАНДЫ ОБЛЫСЫ')).toBe('KZ-35');
    expect(resolveRegion('east kazakhstan region')).toBe('KZ-63');
    expect(resolveRegion('Алматы')).toBe('KZ-75');
    expect(resolveRegion('Алматинская область')).toBe('KZ-19');
    expect(resolveRegion('Narnia')).toBeUndefined();
  });
});
