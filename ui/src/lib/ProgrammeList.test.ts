import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Listing } from '../generated/contract';
import ProgrammeList from './ProgrammeList.svelte';

const payload = '<img src=x onerror="window.hacked=1"><script>window.hacked=1</script>';

const listing: Listing = {
  title: 'Test Conf',
  timezone: 'Europe/Berlin',
  rooms: [
    {
      id: 'a',
      name: 'Room A',
      sessions: [
        { id: 's1', title: 'Opening', kind: 'keynote', day: 'Mon 6 Jun', time: '09:00–09:30', speakers: ['Ann', 'Bo'], links: [] },
        { id: 's2', title: payload, kind: 'talk', day: 'Mon 6 Jun', time: '09:30–10:00', speakers: [payload], links: [] },
      ],
    },
  ],
};

describe('ProgrammeList', () => {
  it('lists each room with its sessions, times and speakers', () => {
    render(ProgrammeList, { props: { listing } });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Test Conf');
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Room A');
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('09:00–09:30');
    expect(items[0]).toHaveTextContent('Ann, Bo');
  });

  it('shows markup from the programme as text and runs none of it', () => {
    const { container } = render(ProgrammeList, { props: { listing } });
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getAllByText(payload)).toHaveLength(2);
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
  });
});
