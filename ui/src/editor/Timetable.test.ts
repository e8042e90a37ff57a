import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Programme } from '../generated/hub';
import Timetable from './Timetable.svelte';

const payload = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>';

const programme = {
  format: 3,
  conference: { title: 'T', timezone: 'America/New_York', days: ['2016-06-06'] },
  rooms: [{ id: 'a', name: 'Main Hall', order: 0 }],
  speakers: [],
  sessions: [
    {
      id: 'x',
      title: payload,
      kind: 'talk',
      room: 'a',
      start: '2016-06-06T09:00:00-04:00',
      duration_minutes: 30,
      placement: { mode: 'pinned' },
    },
  ],
} as unknown as Programme;

describe('the timetable', () => {
  it('shows a title holding markup as text', () => {
    const { container } = render(Timetable, {
      programme,
      day: '2016-06-06',
      rooms: programme.rooms!,
      problems: new Map(),
      selected: null,
      preview: new Map(),
      shown: () => true,
      onselect: () => {},
      onpreview: () => {},
      onmove: () => {},
    });
    expect(screen.getByText(payload)).toBeInTheDocument();
    expect(container.querySelector('img, script')).toBeNull();
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
    expect(screen.getByRole('button').textContent).toContain('09:00');
  });
});
