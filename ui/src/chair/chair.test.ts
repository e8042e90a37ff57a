import { describe, expect, it } from 'vitest';
import { roomOf, shift } from './chair';

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
