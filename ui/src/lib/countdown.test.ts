import { describe, expect, it } from 'vitest';
import { countdown, HubClock } from './countdown';

const end = Date.parse('2016-06-06T10:55:00-04:00');
const minutes = (n: number) => n * 60_000;
/** The programme's defaults. */
const usual = { amber: 5, red: 2 };

describe('the countdown', () => {
  it('is green, then amber from 5 minutes, then red from 2, then counts the overrun up', () => {
    expect(countdown(end, end - minutes(10), usual)).toEqual({ text: '10:00', phase: 'green' });
    expect(countdown(end, end - minutes(4), usual)).toEqual({ text: '4:00', phase: 'amber' });
    expect(countdown(end, end - minutes(1.5), usual)).toEqual({ text: '1:30', phase: 'red' });
    expect(countdown(end, end + minutes(2), usual)).toEqual({ text: '+2:00', phase: 'over' });
    expect(countdown(end, end + 192_000, usual)).toEqual({ text: '+3:12', phase: 'over' });
    expect(countdown(end, end - minutes(75), usual).text).toBe('1:15:00');
  });

  it('takes the thresholds the programme sets', () => {
    expect(countdown(end, end - minutes(9), { amber: 10, red: 3 }).phase).toBe('amber');
    expect(countdown(end, end - minutes(2.5), { amber: 10, red: 3 }).phase).toBe('red');
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

