import { describe, expect, it } from 'vitest';
import { countdown, HubClock, loadThresholds, roomOf, saveThresholds, shift } from './chair';

const end = Date.parse('2016-06-06T10:55:00-04:00');
const minutes = (n: number) => n * 60_000;

describe('the countdown', () => {
  it('is green, then amber from 5 minutes, then red from 2, then counts the overrun up', () => {
    expect(countdown(end, end - minutes(10))).toEqual({ text: '10:00', phase: 'green' });
    expect(countdown(end, end - minutes(4))).toEqual({ text: '4:00', phase: 'amber' });
    expect(countdown(end, end - minutes(1.5))).toEqual({ text: '1:30', phase: 'red' });
    expect(countdown(end, end + minutes(2))).toEqual({ text: '+2:00', phase: 'over' });
    expect(countdown(end, end + 192_000)).toEqual({ text: '+3:12', phase: 'over' });
    expect(countdown(end, end - minutes(75)).text).toBe('1:15:00');
  });

  it('takes the thresholds a chair sets, red never after amber', () => {
    expect(countdown(end, end - minutes(9), { amber: 10, red: 3 }).phase).toBe('amber');
    const storage = new Map<string, string>();
    const store = {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    } as unknown as Storage;
    expect(saveThresholds({ amber: 3, red: 8 }, store)).toEqual({ amber: 3, red: 3 });
    expect(loadThresholds(store)).toEqual({ amber: 3, red: 3 });
    storage.set('marquee.chair-thresholds', 'not json');
    expect(loadThresholds(store)).toEqual({ amber: 5, red: 2 });
  });
});

describe("the hub's clock", () => {
  it('counts by the hub, whatever the phone says', () => {
    let local = Date.parse('2030-01-01T00:00:00Z');
    const clock = new HubClock(() => local);
    clock.heard('2016-06-06T10:45:00-04:00');
    local += 90_000;
    expect(new Date(clock.now()).toISOString()).toBe('2016-06-06T14:46:30.000Z');
    clock.heard('garbage');
    expect(new Date(clock.now()).toISOString()).toBe('2016-06-06T14:46:30.000Z');
  });
});

describe('the address', () => {
  it('names the room', () => {
    expect(roomOf('/chair/main-hall')).toBe('main-hall');
    expect(roomOf('/chair/Main%20Hall/')).toBe('Main Hall');
    expect(roomOf('/chair')).toBeNull();
  });

  it('says how a session moves', () => {
    expect(shift('11:00–11:25', '2016-06-06T11:10:00-04:00', 'America/New_York')).toBe('11:00 → 11:10');
    expect(shift('11:00–11:25', '2016-06-06T11:00:00-04:00', 'America/New_York')).toBe('11:00');
  });
});
