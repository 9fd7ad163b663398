import test from 'node:test';
import assert from 'node:assert/strict';
import { SettingsStore, DEFAULTS, SETTINGS_KEY, normalizeSite, siteForHostname, isEnabledFor, mergeSettings, siteOrigins, userSites } from '../../extension/src/shared/settings.js';

function memoryStorage(initial = {}) {
  const data = { ...initial };
  return { data, get: async (k) => data[k], set: async (k, v) => { data[k] = JSON.parse(JSON.stringify(v)); } };
}

test('defaults: Facebook and Instagram on, standard strength, block on failure', async () => {
  const store = new SettingsStore(memoryStorage());
  const s = await store.load();
  assert.deepEqual(Object.keys(s.sites).sort(), ['facebook.com', 'instagram.com']);
  assert.equal(s.strength, 'standard');
  assert.equal(s.failurePolicy, 'block');
  for (const host of ['www.facebook.com', 'facebook.com', 'm.facebook.com', 'www.instagram.com', 'business.facebook.com']) {
    assert.equal(isEnabledFor(s, host), true, host);
  }
  for (const host of ['notfacebook.com', 'facebook.com.evil.example', 'example.com', '', 'instagram.co']) {
    assert.equal(isEnabledFor(s, host), false, host);
  }
  assert.ok(Object.isFrozen(DEFAULTS));
});

test('normalizeSite accepts hosts and URLs, rejects junk', () => {
  assert.equal(normalizeSite('https://www.Example.com:8443/a?b'), 'example.com');
  assert.equal(normalizeSite('www.example.com/path'), 'example.com');
  assert.equal(normalizeSite('*.photos.example.org'), 'photos.example.org');
  assert.equal(normalizeSite(' example.com. '), 'example.com');
  for (const bad of ['', 'example', 'exa mple.com', '-a.com', 'a..com', 'javascript:alert(1)', null, 42]) assert.equal(normalizeSite(bad), null, String(bad));
  assert.deepEqual(siteOrigins('example.com'), ['*://example.com/*', '*://*.example.com/*']);
});

test('toggling a site persists under one key and survives reload', async () => {
  const storage = memoryStorage();
  const store = new SettingsStore(storage);
  await store.setSiteEnabled('instagram.com', false);
  assert.equal(storage.data[SETTINGS_KEY].sites['instagram.com'].enabled, false);
  const reloaded = await new SettingsStore(storage).load();
  assert.equal(isEnabledFor(reloaded, 'www.instagram.com'), false);
  assert.equal(isEnabledFor(reloaded, 'www.facebook.com'), true);
  const state = await store.siteState('www.instagram.com');
  assert.deepEqual(state, { site: 'instagram.com', enabled: false, strength: 'standard', failurePolicy: 'block' });
  await assert.rejects(store.setSiteEnabled('example.com', true), /unknown site/);
});

test('add and remove user sites; built-in sites cannot be removed', async () => {
  const store = new SettingsStore(memoryStorage());
  assert.equal(await store.addSite('https://www.flickr.com/upload'), 'flickr.com');
  let s = await store.load();
  assert.deepEqual(userSites(s), ['flickr.com']);
  assert.equal(isEnabledFor(s, 'up.flickr.com'), true);
  await assert.rejects(store.addSite('not a site'), /not a site/);
  await assert.rejects(store.removeSite('facebook.com'), /built in/);
  await store.removeSite('flickr.com');
  s = await store.load();
  assert.deepEqual(userSites(s), []);
});

test('most specific site wins', async () => {
  const store = new SettingsStore(memoryStorage());
  await store.addSite('photos.facebook.com');
  await store.setSiteEnabled('photos.facebook.com', false);
  const s = await store.load();
  assert.equal(siteForHostname(s, 'a.photos.facebook.com'), 'photos.facebook.com');
  assert.equal(isEnabledFor(s, 'a.photos.facebook.com'), false);
  assert.equal(isEnabledFor(s, 'www.facebook.com'), true);
});

test('strength and failure policy are validated', async () => {
  const store = new SettingsStore(memoryStorage());
  await store.setStrength('strong');
  await store.setFailurePolicy('original');
  const s = await store.load();
  assert.equal(s.strength, 'strong');
  assert.equal(s.failurePolicy, 'original');
  await assert.rejects(store.setStrength('max'));
  await assert.rejects(store.setFailurePolicy('ignore'));
});

test('mergeSettings drops invalid stored values', () => {
  const s = mergeSettings({
    strength: 'ultra', failurePolicy: 7, timeouts: { idleSeconds: -1, jobSeconds: 30 },
    sites: { 'Bad Key': { enabled: true }, 'example.com': { enabled: false }, 'facebook.com': { enabled: false }, 'x.com': null },
  });
  assert.equal(s.strength, 'standard');
  assert.equal(s.failurePolicy, 'block');
  assert.equal(s.timeouts.idleSeconds, DEFAULTS.timeouts.idleSeconds);
  assert.equal(s.timeouts.jobSeconds, 30);
  assert.deepEqual(Object.keys(s.sites).sort(), ['example.com', 'facebook.com', 'instagram.com']);
  assert.equal(s.sites['facebook.com'].enabled, false);
  assert.equal(s.sites['facebook.com'].builtin, true);
  assert.equal(s.sites['example.com'].builtin, false);
  assert.deepEqual(mergeSettings(null), mergeSettings(undefined));
});
