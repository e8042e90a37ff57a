import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { SceneView } from '../../generated/contract';
import AnnouncementScene from './AnnouncementScene.svelte';
import EmergencyScene from './EmergencyScene.svelte';

const payload = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>';

function announcement(
  overrides: Partial<Extract<SceneView, { kind: 'announcement' }>> = {},
): Extract<SceneView, { kind: 'announcement' }> {
  return {
    kind: 'announcement',
    id: 'lunch',
    title: 'Lunch is in the atrium',
    text: [
      {
        item: false,
        spans: [
          { text: 'Soup and ', strong: false, emphasis: false },
          { text: 'vegan', strong: true, emphasis: false },
          { text: ' bowls', strong: false, emphasis: false },
        ],
      },
      { item: true, spans: [{ text: payload, strong: false, emphasis: false }] },
    ],
    image: true,
    link: 'https://example.org/map',
    ...overrides,
  };
}

describe('AnnouncementScene', () => {
  it('shows the title, the text with its emphasis, the image and a QR code of the link', () => {
    const { container } = render(AnnouncementScene, { scene: announcement() });
    expect(screen.getByRole('heading', { name: 'Lunch is in the atrium' })).toBeInTheDocument();
    expect(container.querySelector('strong')?.textContent).toBe('vegan');
    expect(container.querySelector('img.image')?.getAttribute('src')).toBe('test:announcement/lunch');
    expect(screen.getByAltText('QR code: more about this').getAttribute('src')).toBe(
      `test:qr/${encodeURIComponent('https://example.org/map')}`,
    );
  });

  it('shows markup as text and runs none of it', () => {
    const { container } = render(AnnouncementScene, { scene: announcement({ title: payload }) });
    expect(screen.getByRole('heading').textContent).toBe(payload);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelectorAll('img').length).toBe(2);
    expect((window as { hacked?: number }).hacked).toBeUndefined();
  });

  it('leaves the side out when there is neither image nor link', () => {
    const { container } = render(AnnouncementScene, {
      scene: announcement({ image: false, link: null }),
    });
    expect(container.querySelector('aside')).toBeNull();
  });
});

describe('EmergencyScene', () => {
  it('is an alert with the message and since when', () => {
    render(EmergencyScene, {
      scene: {
        kind: 'emergency',
        title: 'Please leave the building',
        text: [{ item: false, spans: [{ text: 'by the nearest exit', strong: false, emphasis: false }] }],
        since: 'since 14:02',
      },
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Please leave the building');
    expect(screen.getByRole('alert')).toHaveTextContent('by the nearest exit');
    expect(screen.getByText('since 14:02')).toBeInTheDocument();
  });
});
