import { describe, expect, it } from 'vitest';
import type { LinkView, SceneView } from '../generated/contract';
import { qrLinks, sceneKey, speakerDensity, titleSize } from './present';

const link = (kind: LinkView['kind'], url: string): LinkView => ({ kind, label: kind, url });

describe('layout choices', () => {
  it('steps long titles down in size', () => {
    expect(titleSize('Docker For the Developer')).toBe('large');
    expect(titleSize('x'.repeat(90))).toBe('medium');
    expect(titleSize('x'.repeat(150))).toBe('small');
  });

  it('shows at most two codes, slides before video before anything else', () => {
    const links = [link('code', 'c'), link('video', 'v'), link('info', 'i'), link('slides', 's')];
    expect(qrLinks(links).map((l) => l.url)).toEqual(['s', 'v']);
    expect(qrLinks([link('info', 'i')]).map((l) => l.url)).toEqual(['i']);
    expect(qrLinks([])).toEqual([]);
  });

  it('shrinks photos as speakers grow in number', () => {
    expect([1, 2, 3, 4, 5, 8].map(speakerDensity)).toEqual(['few', 'few', 'some', 'some', 'many', 'many']);
  });

  it('keeps the same scene when only its figures change', () => {
    const now: SceneView = { kind: 'now', page: 0, pages: 1, rows: [] };
    expect(sceneKey(now)).toBe(sceneKey({ kind: 'now', page: 0, pages: 2, rows: [] }));
    expect(sceneKey(now)).not.toBe(sceneKey({ kind: 'now', page: 1, pages: 2, rows: [] }));
    expect(sceneKey({ kind: 'up_next', items: [] })).toBe('up_next');
  });
});
