// How a scene is laid out: sizes and choices that depend only on what is
// shown, never on the time (the Rust side has already worked that out).
import type { LinkView, SceneView } from '../generated/contract';

/** Long titles step down from 64 px towards 48 px before they wrap further. */
export function titleSize(title: string): 'large' | 'medium' | 'small' {
  if (title.length <= 60) return 'large';
  if (title.length <= 100) return 'medium';
  return 'small';
}

/** At most two codes, slides first, then video, then any other link. */
export function qrLinks(links: LinkView[]): LinkView[] {
  const rank = (link: LinkView) => (link.kind === 'slides' ? 0 : link.kind === 'video' ? 1 : 2);
  return [...links].sort((a, b) => rank(a) - rank(b)).slice(0, 2);
}

/** Photos shrink as the number of speakers grows, so eight still fit. */
export function speakerDensity(count: number): 'few' | 'some' | 'many' {
  if (count <= 2) return 'few';
  if (count <= 4) return 'some';
  return 'many';
}

/** Scenes with the same key are the same scene updated, not a new one to fade in. */
export function sceneKey(scene: SceneView): string {
  switch (scene.kind) {
    case 'now':
      return `now:${scene.page}`;
    case 'session':
      return `session:${scene.session.id}`;
    case 'announcement':
      return `announcement:${scene.id}`;
    case 'sponsors':
      return `sponsors:${scene.page}`;
    default:
      return scene.kind;
  }
}
