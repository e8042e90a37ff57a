import { describe, expect, it } from 'vitest';
import type { Programme, Session } from '../generated/hub';
import { check, draftOf, operationsFor } from './form';
import { clock, dayOf, dayPlan, dropIndex, minuteOfDay, span, startAfter } from './timetable';
import { History } from './undo';

const session = (id: string, start: string, minutes = 25, room = 'a'): Session => ({
  id,
  title: `Talk ${id}`,
  kind: 'talk',
  room,
  start,
  duration_minutes: minutes,
  placement: { mode: 'follows', gap_minutes: 5 },
});

describe('the timetable', () => {
  it('keeps a night session on the day it began, as the core does', () => {
    expect(dayOf('2016-06-06T23:30:00-04:00')).toBe('2016-06-06');
    expect(dayOf('2016-06-07T01:30:00-04:00')).toBe('2016-06-06');
    expect(dayOf('2016-06-07T06:00:00-04:00')).toBe('2016-06-07');
    expect(minuteOfDay('2016-06-07T01:30:00-04:00')).toBe(25 * 60 + 30);
    expect(clock(25 * 60 + 30)).toBe('01:30');
  });

  it('spans whole hours and finds the place a drop stands for', () => {
    const order = [session('x', '2016-06-06T09:00:00-04:00'), session('y', '2016-06-06T09:30:00-04:00')];
    expect(span(order)).toEqual({ from: 9 * 60, to: 10 * 60 });
    expect(dropIndex(order, 9 * 60 + 5)).toBe(0);
    expect(dropIndex(order, 9 * 60 + 20)).toBe(1);
    expect(dropIndex(order, 11 * 60)).toBe(2);
  });

  it('lists a room’s sessions of a day in running order', () => {
    const programme = {
      sessions: [
        session('x', '2016-06-06T09:00:00-04:00'),
        session('z', '2016-06-07T09:00:00-04:00'),
        session('w', '2016-06-06T09:00:00-04:00', 25, 'b'),
        session('y', '2016-06-06T08:00:00-04:00'),
      ],
    } as Programme;
    expect(dayPlan(programme, '2016-06-06').get('a')?.map((s) => s.id)).toEqual(['x', 'y']);
  });
});

describe('the session form', () => {
  const talk = session('x', '2016-06-06T09:30:00-04:00');

  it('gives the reason beside each field', () => {
    const draft = { ...draftOf(talk), title: ' ', duration: '0', gap: '-1', links: [{ kind: 'slides' as const, url: 'ftp://x' }] };
    expect(Object.keys(check(draft)).sort()).toEqual(['duration', 'gap', 'link0', 'title']);
    expect(check(draftOf(talk))).toEqual({});
  });

  it('sends only what changed', () => {
    expect(operationsFor(talk, draftOf(talk))).toEqual([]);
    const draft = { ...draftOf(talk), title: 'New', duration: '40', pinned: true, time: '01:15' };
    expect(operationsFor(talk, draft)).toEqual([
      { op: 'edit', session: 'x', changes: { title: 'New' } },
      { op: 'resize', session: 'x', duration_minutes: 40 },
      // Before the day change: the night after the day.
      { op: 'pin', session: 'x', start: '2016-06-07T01:15:00-04:00' },
    ]);
  });
});

describe('undo and redo', () => {
  it('outlive a reload and take turns', () => {
    localStorage.clear();
    const first = new History();
    first.done({ label: 'moved', operations: [{ op: 'cancel', session: 'x' }] });
    const again = new History();
    expect(again.nextUndo()?.label).toBe('moved');
    again.undone({ label: 'moved', operations: [{ op: 'restore', session: 'x' }] });
    expect(again.nextUndo()).toBeUndefined();
    expect(new History().nextRedo()?.operations).toEqual([{ op: 'restore', session: 'x' }]);
    again.done({ label: 'other', operations: [] });
    expect(again.nextRedo()).toBeUndefined();
  });
});

describe('a session added at the end of a room', () => {
  it('starts when the last one ends, written in the venue offset', () => {
    const last = { start: '2016-06-06T16:30:00-04:00', duration_minutes: 45 };
    expect(startAfter(last, '2016-06-06', '-04:00')).toBe('2016-06-06T17:15:00-04:00');
    // Past midnight in the venue, still the venue's time.
    expect(startAfter({ start: '2026-03-28T23:40:00+01:00', duration_minutes: 30 }, '2026-03-28', '+01:00')).toBe(
      '2026-03-29T00:10:00+01:00',
    );
  });

  it('starts at nine on an empty day', () => {
    expect(startAfter(undefined, '2016-06-06', '-04:00')).toBe('2016-06-06T09:00:00-04:00');
    expect(startAfter(undefined, '2016-06-06', 'Z')).toBe('2016-06-06T09:00:00+00:00');
  });
});

