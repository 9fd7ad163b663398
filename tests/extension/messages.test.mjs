import test from 'node:test';
import assert from 'node:assert/strict';
import { validateMessage, createDispatcher, senderKindOf, CONTENT_SCRIPT_MESSAGES, EXTENSION_PAGE_MESSAGES } from '../../extension/src/shared/messages.js';
import { RecessiveError } from '../../extension/src/shared/error-codes.js';

const good = { type: 'protect-file', requestId: 'r1', name: 'a.jpg', mime: 'image/jpeg', size: 3, data: 'YWJj' };

test('content scripts may send only the allowlisted types', () => {
  assert.deepEqual(Object.keys(CONTENT_SCRIPT_MESSAGES).sort(), ['cancel', 'protect-file', 'site-state']);
  assert.equal(validateMessage(good, 'content'), null);
  assert.equal(validateMessage({ type: 'site-state' }, 'content'), null);
  for (const type of ['set-site-enabled', 'add-site', 'remove-site', 'set-strength', 'set-failure-policy', 'reconnect', 'get-status', 'get-settings', 'hello', 'protect', '__proto__', 'constructor']) {
    assert.match(validateMessage({ type }, 'content'), /type not allowed/, type);
  }
  for (const type of ['set-site-enabled', 'reconnect', 'get-status']) assert.ok(Object.hasOwn(EXTENSION_PAGE_MESSAGES, type));
});

test('protect-file fields are all checked', () => {
  const cases = [
    [{ ...good, mime: 'image/gif' }, /mime/],
    [{ ...good, mime: 'text/html' }, /mime/],
    [{ ...good, size: 0 }, /size/],
    [{ ...good, size: 65 * 1024 * 1024 }, /size/],
    [{ ...good, size: 4 }, /length/],
    [{ ...good, data: 'YWJ!' }, /data/],
    [{ ...good, requestId: '../x' }, /requestId/],
    [{ ...good, requestId: 'x'.repeat(65) }, /requestId/],
    [{ ...good, name: '' }, /name/],
    [{ ...good, extra: 1 }, /unexpected field/],
    [{ ...good, type: undefined }, /type/],
    [null, /not an object/],
    [[good], /not an object/],
    ['protect-file', /not an object/],
  ];
  for (const [msg, reason] of cases) assert.match(validateMessage(msg, 'content'), reason, JSON.stringify(msg));
  const { data, ...missing } = good;
  assert.match(validateMessage(missing, 'content'), /bad field: data/);
});

test('extension pages: wider list, still validated', () => {
  assert.equal(validateMessage({ type: 'set-site-enabled', site: 'facebook.com', enabled: false }, 'extension'), null);
  assert.match(validateMessage({ type: 'set-site-enabled', site: 'facebook.com', enabled: 'no' }, 'extension'), /enabled/);
  assert.equal(validateMessage({ type: 'set-strength', strength: 'light' }, 'extension'), null);
  assert.match(validateMessage({ type: 'set-strength', strength: 'max' }, 'extension'), /strength/);
  assert.equal(validateMessage({ type: 'get-status', url: 'https://www.facebook.com/' }, 'extension'), null);
  assert.match(validateMessage({ type: 'get-status' }, 'nobody'), /unknown sender/);
});

test('senderKindOf tells our pages from content scripts and strangers', () => {
  const id = 'legdnbeebchgmjiblfjmajifpkhlofck';
  const origin = `chrome-extension://${id}/`;
  assert.equal(senderKindOf({ id, url: `${origin}popup/popup.html` }, id, origin), 'extension');
  assert.equal(senderKindOf({ id, url: 'https://www.instagram.com/', tab: { id: 3 } }, id, origin), 'content');
  assert.equal(senderKindOf({ id, origin: 'https://www.instagram.com', url: 'https://www.instagram.com/', tab: { id: 3 } }, id, origin), 'content');
  assert.equal(senderKindOf({ id: 'someoneelse', url: 'https://x/', tab: { id: 1 } }, id, origin), null);
  assert.equal(senderKindOf({ id, url: 'https://www.instagram.com/' }, id, origin), null);
  // A page claiming our origin in its URL path is still a content script.
  assert.equal(senderKindOf({ id, url: `https://evil.example/${origin}`, tab: { id: 2 } }, id, origin), 'content');
});

test('dispatcher validates, routes through the handler table and maps errors', async () => {
  const calls = [];
  const dispatch = createDispatcher({
    'site-state': async (m, ctx) => { calls.push(ctx.hostname); return { enabled: true }; },
    'protect-file': async () => { throw new RecessiveError('engine_failure', 'boom'); },
    'set-strength': async () => ({ done: 1 }),
  });
  assert.deepEqual(await dispatch({ type: 'site-state' }, 'content', { hostname: 'www.facebook.com' }), { ok: true, enabled: true });
  assert.deepEqual(calls, ['www.facebook.com']);
  assert.deepEqual(await dispatch(good, 'content'), { ok: false, code: 'engine_failure', message: 'boom' });
  const refused = await dispatch({ type: 'set-strength', strength: 'light' }, 'content');
  assert.equal(refused.ok, false);
  assert.equal(refused.code, 'bad_request');
  assert.deepEqual(await dispatch({ type: 'set-strength', strength: 'light' }, 'extension'), { ok: true, done: 1 });
  const noHandler = await dispatch({ type: 'cancel', requestId: 'r1' }, 'content');
  assert.equal(noHandler.code, 'bad_request');
});
