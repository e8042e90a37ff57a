import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { SceneView, SessionView } from '../../generated/contract';
import SessionScene from './SessionScene.svelte';

const payload = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>';

function talk(speakers: number, title = 'ComplianceOps: Containers in Regulated Environments'): SessionView {
  return {
    id: 't1',
    title,
    subtitle: null,
    kind: 'talk',
    room: 'Main Hall',
    time: '10:30–10:55',
    starts_at: '2016-06-06T10:30:00-04:00',
    ends_at: '2016-06-06T10:55:00-04:00',
    speakers: Array.from({ length: speakers }, (_, i) => ({
      id: `p${i}`,
      name: i === 0 ? payload : `Speaker ${i}`,
      affiliation: null,
    })),
    links: [
      { kind: 'video', label: 'Video', url: 'https://example.org/v' },
      { kind: 'slides', label: 'Slides', url: 'https://example.org/s' },
    ],
    late: 'running 10 min late',
    changes: [
      { kind: 'moved', text: 'moved to Main Hall' },
      { kind: 'new_time', text: 'new time 10:30' },
    ],
  };
}

function scene(session: SessionView): Extract<SceneView, { kind: 'session' }> {
  return {
    kind: 'session',
    room: 'Main Hall',
    session,
    running: { ends: 'ends 10:55', left: '13 min left', progress_permille: 480 },
    next: null,
    state: null,
  };
}

describe('SessionScene', () => {
  it('shows the talk, its time, lateness and labelled codes', () => {
    render(SessionScene, { props: { scene: scene(talk(1)) } });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('ComplianceOps');
    expect(screen.getByText('10:30–10:55')).toBeInTheDocument();
    expect(screen.getByText('· 13 min left')).toBeInTheDocument();
    expect(screen.getByText('running 10 min late')).toBeInTheDocument();
    expect(screen.getByText('moved to Main Hall')).toHaveClass('change', 'moved');
    expect(screen.getByText('new time 10:30')).toHaveClass('change', 'new_time');
    expect(screen.getAllByRole('img', { name: /QR code/ }).map((i) => i.getAttribute('alt'))).toEqual([
      'QR code: Slides',
      'QR code: Video',
    ]);
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '480');
  });

  it('fits eight speakers by making their photos smaller', () => {
    const { container } = render(SessionScene, { props: { scene: scene(talk(8, 'x'.repeat(150))) } });
    expect(container.querySelectorAll('.speaker')).toHaveLength(8);
    expect(container.querySelector('.speakers')).toHaveClass('many');
    expect(container.querySelector('h1')).toHaveClass('small');
  });

  // jsdom runs no handlers, so this checks what it can see: the markup is
  // text, and no element or attribute was made from it. The kiosk's
  // end-to-end test checks in WebKit that none of it runs.
  it('shows markup from the programme as text and makes no element of it', () => {
    const { container } = render(SessionScene, { props: { scene: scene(talk(1, payload)) } });
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelectorAll('img[src=x]')).toHaveLength(0);
    expect(container.querySelectorAll('[onerror]')).toHaveLength(0);
    expect(screen.getAllByText(payload)).toHaveLength(2);
  });

  it('says a full room is full, where to go instead, and puts its stream first', () => {
    const full = {
      ...scene(talk(1)),
      state: {
        state: 'full' as const,
        since: '2016-06-06T10:40:00-04:00',
        overflow: 'Workshop Room',
        stream: 'https://stream.example.org/hall',
      },
    };
    const { container } = render(SessionScene, { props: { scene: full } });
    expect(container.querySelector('.state.full')).toHaveTextContent('Full: go to Workshop Room or watch the stream');
    expect([...container.querySelectorAll('.code')].map((c) => c.getAttribute('data-url'))).toEqual([
      'https://example.org/s',
      'https://stream.example.org/hall',
    ]);
  });

  it('says only "filling up" of a room filling up', () => {
    const filling = {
      ...scene(talk(1)),
      state: { state: 'filling' as const, since: '2016-06-06T10:40:00-04:00', overflow: null, stream: null },
    };
    const { container } = render(SessionScene, { props: { scene: filling } });
    expect(container.querySelector('.state')).toHaveTextContent(/^Filling up$/);
  });
});
