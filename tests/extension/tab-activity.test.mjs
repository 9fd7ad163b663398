import test from 'node:test';
import assert from 'node:assert/strict';
import { TabActivity } from '../../extension/src/shared/tab-activity.js';

test('badge: working while any job runs, then done (cleared later) or error', () => {
  const views = [];
  const timers = [];
  const a = new TabActivity({ render: (tab, v) => views.push(`${tab}:${v}`), setTimeout: (f) => { timers.push(f); return timers.length; }, clearTimeout: () => {} });
  a.start(1);
  a.start(1);
  a.finish(1, true);
  assert.equal(a.view(1), 'working');
  a.finish(1, true);
  assert.equal(a.view(1), 'done');
  timers.pop()();
  assert.equal(a.view(1), 'idle');
  a.start(2);
  a.finish(2, false);
  assert.equal(a.view(2), 'error');
  a.start(2); // a new batch clears the old error
  assert.equal(a.view(2), 'working');
  a.finish(2, true);
  assert.equal(a.view(2), 'done');
  assert.equal(a.view(1), 'idle', 'tabs are independent');
  a.reset(2);
  assert.equal(a.view(2), 'idle');
  assert.deepEqual(views.slice(0, 4), ['1:working', '1:working', '1:working', '1:done']);
  a.start(undefined); // messages without a tab are ignored
});
