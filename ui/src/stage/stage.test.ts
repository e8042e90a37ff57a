import { describe, expect, it } from 'vitest';
import { stageRoomOf, startsIn } from './stage';

describe('the stage monitor', () => {
  it('finds its room in its address', () => {
    expect(stageRoomOf('/stage/main-hall')).toBe('main-hall');
    expect(stageRoomOf('/stage/Room%20B/')).toBe('Room B');
    expect(stageRoomOf('/stage')).toBeNull();
    expect(stageRoomOf('/stage/a/b')).toBeNull();
    expect(stageRoomOf('/stage/%E0')).toBeNull();
  });

  it('says when the next talk starts, in whole minutes rounded up', () => {
    const start = Date.parse('2016-06-06T11:00:00-04:00');
    expect(startsIn(start, start - 4 * 60_000)).toBe('starts in 4 min');
    expect(startsIn(start, start - 3 * 60_000 - 1)).toBe('starts in 4 min');
    expect(startsIn(start, start - 65 * 60_000)).toBe('starts in 1 h 5 min');
    expect(startsIn(start, start - 120 * 60_000)).toBe('starts in 2 h');
    expect(startsIn(start, start + 1)).toBe('starts now');
  });
});
