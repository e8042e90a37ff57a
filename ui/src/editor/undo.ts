// Undo and redo of the organiser's own changes, kept in this browser so that
// they outlive a reload. Each entry holds the operations that reverse a
// change, as the hub answered them; applying one gives the entry for the
// other direction.
import type { Operation } from '../generated/hub';

const KEY = 'marquee.editor-history';
/** Enough for a day of edits; the oldest go first. */
const LIMIT = 200;

export interface Entry {
  label: string;
  operations: Operation[];
}

interface Stacks {
  undo: Entry[];
  redo: Entry[];
}

function read(storage: Storage): Stacks {
  try {
    const stacks = JSON.parse(storage.getItem(KEY) ?? '') as Stacks;
    if (Array.isArray(stacks.undo) && Array.isArray(stacks.redo)) return stacks;
  } catch {
    // Nothing kept yet, or kept by another version: start afresh.
  }
  return { undo: [], redo: [] };
}

export class History {
  private stacks: Stacks;

  constructor(private storage: Storage = localStorage) {
    this.stacks = read(storage);
  }

  private save(): void {
    this.stacks.undo = this.stacks.undo.slice(-LIMIT);
    this.stacks.redo = this.stacks.redo.slice(-LIMIT);
    this.storage.setItem(KEY, JSON.stringify(this.stacks));
  }

  /** A new change was made: it can be undone, and nothing is left to redo. */
  done(entry: Entry): void {
    this.stacks.undo.push(entry);
    this.stacks.redo = [];
    this.save();
  }

  nextUndo(): Entry | undefined {
    return this.stacks.undo.at(-1);
  }

  nextRedo(): Entry | undefined {
    return this.stacks.redo.at(-1);
  }

  /** The newest change was undone; `reverse` redoes it. */
  undone(reverse: Entry): void {
    this.stacks.undo.pop();
    this.stacks.redo.push(reverse);
    this.save();
  }

  /** The newest undone change was made again; `reverse` undoes it. */
  redone(reverse: Entry): void {
    this.stacks.redo.pop();
    this.stacks.undo.push(reverse);
    this.save();
  }
}
