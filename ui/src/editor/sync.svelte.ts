// The editor's programme kept in step with its hub, apart from its looks:
// the hub it speaks to (once the organiser's token is taken), the
// programme with its ETag, and its problems, history and versions beside
// it. One load runs at a time: a load asked for during another runs once
// more after it, and a revision the hub tells of (by its events or its
// answers) is fetched only when it is newer than the one shown, so every
// caller waits for the programme as it is.
import type { Finding, Programme, Release, RevisionEntry } from '../generated/hub';
import { forgetToken, Hub, keepToken, type Loaded, type Outcome } from '../host/editor-hub';

export class EditorSync {
  hub = $state<Hub | null>(null);
  // Raw: a programme is replaced whole on every revision, never changed in
  // place, and a deep proxy of 38C3's 1,007 sessions costs more to read
  // than the timetable does to draw.
  current = $state.raw<Programme | null>(null);
  etag = $state('"r0"');
  problems = $state.raw<Finding[]>([]);
  revisions = $state.raw<RevisionEntry[]>([]);
  releases = $state.raw<Release[]>([]);
  tokenProblem = $state('');
  /** The number of the revision shown, from its ETag `"r7"`. */
  shown = $derived(Number(this.etag.replace(/\D/g, '')));

  private loading: Promise<void> | null = null;
  private again = false;
  /** The newest revision the hub has told of, by its events or its answers. */
  private told = 0;
  /** The programme asked for while the token was checked, taken by the first load. */
  private early: Promise<Loaded> | null = null;

  /** `loaded` is called with each programme as soon as it is here. */
  constructor(private loaded: () => void = () => {}) {}

  /** Takes `token` if the hub does, and loads the programme. */
  async connect(token: string): Promise<void> {
    const candidate = new Hub(token);
    // The programme is public: it is on its way while the token is checked.
    const programme = candidate.load();
    programme.catch(() => {});
    if (!(await candidate.accepts())) {
      this.tokenProblem =
        'The hub does not take this token. It is in the file organiser-token in the hub’s data folder.';
      forgetToken();
      return;
    }
    keepToken(token);
    this.hub = candidate;
    this.early = programme;
    await this.refresh();
  }

  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.again = false;
          const expected = this.told;
          await this.load();
          // A load begun after the hub told of a revision has it, unless the
          // hub started over (a new store numbers its revisions from 1 again).
          if (this.shown < expected) this.told = this.shown;
        } while (this.again || this.told > this.shown);
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** Loads again only if the hub has a revision newer than the one shown. */
  catchUp(): Promise<void> {
    return this.loading ?? (this.told > this.shown ? this.refresh() : Promise.resolve());
  }

  /** The hub told of `revision` (an event without a number, or with one below
   * the revision shown, from a hub started over on a new store, asks for one
   * load all the same). */
  heard(revision: number): void {
    this.told =
      Number.isInteger(revision) && revision >= this.shown ? Math.max(this.told, revision) : this.shown + 1;
  }

  /** After a batch: the revision it made, or, when refused, whatever is there now. */
  caughtUpWith(outcome: Outcome): Promise<void> {
    if (outcome.kind !== 'applied') return this.refresh();
    this.told = Math.max(this.told, outcome.applied.revision);
    return this.catchUp();
  }

  /** The programme first, drawn as soon as it is here; the panels beside it as they come. */
  private async load(): Promise<void> {
    const hub = this.hub;
    if (!hub) return;
    const asked = this.early ?? hub.load();
    this.early = null;
    const programmeLoaded = asked.then((loaded) => {
      this.current = loaded.programme;
      this.etag = loaded.etag;
      this.loaded();
    });
    let behindProgramme = false;
    await Promise.all([
      programmeLoaded,
      hub.problems().then((found) => (this.problems = found)),
      hub.history().then((saved) => {
        this.revisions = saved;
        // Newest first: one saved between the two requests means the
        // problems may be of the revision before too.
        behindProgramme = saved.length > 0 && saved[0].number < this.shown;
      }),
      hub.releases().then((published) => (this.releases = published)),
    ]);
    if (behindProgramme) this.again = true;
  }
}
