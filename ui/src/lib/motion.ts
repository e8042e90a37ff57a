// Scene changes: a cross-fade with a short rise, in opacity and transform
// only. A screen without GPU compositing repaints the whole scene for every
// frame of a CSS animation, so the motion is set in a few even steps from
// script instead: the same fade for a fraction of the processor time, and
// nothing repaints between steps.
import type { TransitionConfig } from 'svelte/transition';

/** Distinct frames in a transition. */
export const STEPS = 6;

const still =
  typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** The transition's progress, rounded to one of `STEPS` frames. */
export function stepped(t: number): number {
  return Math.round(t * STEPS) / STEPS;
}

/** Calls `show` with each step of the progress once, in order. */
function steps(show: (q: number) => void): (t: number) => void {
  let last = -1;
  return (t) => {
    const q = stepped(t);
    if (q !== last) {
      last = q;
      show(q);
    }
  };
}

/** A scene coming in: fades in while rising a little, after the old one has gone. */
export function enter(node: Element): TransitionConfig {
  if (still) return { duration: 0 };
  const style = (node as HTMLElement).style;
  return {
    delay: 300,
    duration: 600,
    tick: steps((q) => {
      if (q === 1) {
        style.removeProperty('opacity');
        style.removeProperty('transform');
      } else {
        style.opacity = String(q);
        style.transform = `translateY(${(1 - q) * 24}px)`;
      }
    }),
  };
}

/** A scene going: fades out. */
export function leave(node: Element): TransitionConfig {
  if (still) return { duration: 0 };
  const style = (node as HTMLElement).style;
  return { duration: 300, tick: steps((q) => (style.opacity = String(q))) };
}
