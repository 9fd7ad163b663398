// Per-tab activity for the toolbar badge: counts running jobs per tab and decides what the badge shows
// (working while any job runs, then done or error). `render(tabId, view)` gets 'working' | 'done' |
// 'error' | 'idle'; 'done' falls back to 'idle' after doneMs. Timers are injected for tests.
export class TabActivity {
  constructor({ render, doneMs = 4000, setTimeout: st = setTimeout, clearTimeout: ct = clearTimeout }) {
    this.render = render;
    this.doneMs = doneMs;
    this.st = st;
    this.ct = ct;
    this.tabs = new Map(); // tabId -> {working, failed, done, timer}
  }

  entry(tabId) {
    let e = this.tabs.get(tabId);
    if (!e) {
      e = { working: 0, failed: false, done: false, timer: null };
      this.tabs.set(tabId, e);
    }
    return e;
  }

  view(tabId) {
    const e = this.tabs.get(tabId);
    if (!e) return 'idle';
    if (e.working > 0) return 'working';
    if (e.failed) return 'error';
    if (e.done) return 'done';
    return 'idle';
  }

  start(tabId) {
    if (tabId === undefined) return;
    const e = this.entry(tabId);
    if (e.working === 0) e.failed = false; // a new batch clears an old error
    e.working++;
    e.done = false;
    if (e.timer) this.ct(e.timer);
    e.timer = null;
    this.render(tabId, this.view(tabId));
  }

  finish(tabId, ok) {
    if (tabId === undefined) return;
    const e = this.entry(tabId);
    e.working = Math.max(0, e.working - 1);
    if (!ok) e.failed = true;
    if (e.working === 0 && !e.failed) {
      e.done = true;
      e.timer = this.st(() => {
        e.done = false;
        e.timer = null;
        this.render(tabId, this.view(tabId));
      }, this.doneMs);
    }
    this.render(tabId, this.view(tabId));
  }

  reset(tabId) {
    const e = this.tabs.get(tabId);
    if (e && e.timer) this.ct(e.timer);
    this.tabs.delete(tabId);
  }
}
