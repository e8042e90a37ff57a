import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ChangeNote, SessionView } from '../../generated/contract';
import LaterTodayScene from './LaterTodayScene.svelte';

function item(id: string, time: string, changes: ChangeNote[]): SessionView {
  return {
    id,
    title: `Talk ${id}`,
    subtitle: null,
    kind: 'talk',
    room: 'Main Hall',
    time,
    starts_at: '2016-06-06T15:00:00-04:00',
    ends_at: '2016-06-06T15:25:00-04:00',
    speakers: [],
    links: [],
    late: null,
    changes,
  };
}

describe('LaterTodayScene', () => {
  it('marks what changed since the day began on the talk, and strikes a cancelled one through', () => {
    const { container } = render(LaterTodayScene, {
      props: {
        items: [
          item('a', '15:00–15:25', [{ kind: 'new_time', text: 'new time 15:00' }]),
          item('b', '15:30–15:55', [{ kind: 'cancelled', text: 'cancelled' }]),
          item('c', '16:00–16:25', []),
        ],
      },
    });
    expect(screen.getByText('new time 15:00')).toHaveClass('change', 'new_time');
    expect(screen.getByText('cancelled')).toHaveClass('change', 'cancelled');
    const cancelled = [...container.querySelectorAll('.item.cancelled .name')].map((e) => e.textContent);
    expect(cancelled).toEqual(['Talk b']);
    expect(container.querySelectorAll('.change')).toHaveLength(2);
  });
});
