import { loadSettings } from '@lantern/config';
import { DISCLOSURE_SETTINGS } from './disclosure-settings';

describe('the disclosure floor setting', () => {
  it('is 11 unless configured, and refuses at start-up a floor that protects nobody or is not a whole number', () => {
    expect(loadSettings(DISCLOSURE_SETTINGS, {}).LANTERN_DISCLOSURE_FLOOR).toBe(11);
    expect(loadSettings(DISCLOSURE_SETTINGS, { LANTERN_DISCLOSURE_FLOOR: '20' }).LANTERN_DISCLOSURE_FLOOR).toBe(20);
    for (const floor of ['1', '0', '5.5', 'eleven']) expect(() => loadSettings(DISCLOSURE_SETTINGS, { LANTERN_DISCLOSURE_FLOOR: floor })).toThrow('LANTERN_DISCLOSURE_FLOOR');
  });
});
