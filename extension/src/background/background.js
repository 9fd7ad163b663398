// Background (Chromium: module service worker; Firefox: module background script).
// Wires browser APIs to the browser-free logic in ../shared: the HostClient (native port, queue,
// chunking, timeouts), the SettingsStore (per-site state), and the message handler table with its
// allowlist. Also keeps the per-tab badge/icon and the last results shown by the popup.

import { HostClient, HOST_NAME } from '../shared/host-client.js';
import { SettingsStore, SETTINGS_KEY, mergeSettings, siteForHostname, isEnabledFor, siteOrigins, userSites, normalizeSite } from '../shared/settings.js';
import { createDispatcher, senderKindOf } from '../shared/messages.js';
import { base64ToBytes, bytesToBase64 } from '../shared/base64.js';
import { RecessiveError, describeError } from '../shared/error-codes.js';
import { TabActivity } from '../shared/tab-activity.js';

const api = globalThis.browser ?? globalThis.chrome;
const EXTENSION_ORIGIN = api.runtime.getURL('');
const USER_SITES_SCRIPT_ID = 'recessive-user-sites';
const MAX_LAST_RESULTS = 10;

const store = new SettingsStore({
  get: async (key) => (await api.storage.local.get(key))[key],
  set: (key, value) => api.storage.local.set({ [key]: value }),
});

function wrapPort(port) {
  return {
    postMessage: (m) => port.postMessage(m),
    disconnect: () => port.disconnect(),
    onMessage: (listener) => port.onMessage.addListener(listener),
    onDisconnect: (listener) => port.onDisconnect.addListener((p) => {
      const text = (api.runtime.lastError && api.runtime.lastError.message) || (p && p.error && p.error.message) || '';
      listener(text);
    }),
  };
}

const client = new HostClient({
  connect: (name) => wrapPort(api.runtime.connectNative(name)),
  hostName: HOST_NAME,
  log: (...args) => console.warn('[recessive]', ...args),
});

// ---- badge and icon per tab ----

const ICON_SIZES = [16, 32, 48, 128];
function iconPath(state) {
  return Object.fromEntries(ICON_SIZES.map((s) => [s, `/icons/${state}-${s}.png`]));
}

const BADGE = {
  working: { text: '…', color: '#1a73e8' },
  done: { text: '✓', color: '#188038' },
  error: { text: '!', color: '#d93025' },
  on: { text: '', color: '#188038' },
  off: { text: '', color: '#5f6368' },
};

const tabSiteEnabled = new Map(); // tabId -> boolean (last known)
const activity = new TabActivity({
  render: (tabId, view) => renderTab(tabId, view),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (t) => clearTimeout(t),
});

function renderTab(tabId, view) {
  const base = tabSiteEnabled.get(tabId) === false ? 'off' : 'on';
  const state = view === 'idle' ? base : view;
  const badge = BADGE[state];
  const icon = state === 'done' ? 'on' : state;
  Promise.allSettled([
    api.action.setBadgeText({ tabId, text: badge.text }),
    api.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
    api.action.setIcon({ tabId, path: iconPath(icon) }),
  ]).then(() => {});
}

async function refreshTabIcon(tabId, url) {
  if (!url) return;
  let hostname;
  try { hostname = new URL(url).hostname; } catch { return; }
  const settings = await store.load();
  tabSiteEnabled.set(tabId, isEnabledFor(settings, hostname));
  renderTab(tabId, activity.view(tabId));
}

api.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'loading') activity.reset(tabId);
  if (change.url || change.status === 'loading') refreshTabIcon(tabId, tab && tab.url);
});
api.tabs.onRemoved.addListener((tabId) => {
  activity.reset(tabId);
  tabSiteEnabled.delete(tabId);
});

// ---- last results (popup) ----

const sessionStore = api.storage.session || null;
let lastResultsMemory = [];
async function getLastResults() {
  if (!sessionStore) return lastResultsMemory;
  return (await sessionStore.get('lastResults')).lastResults || [];
}
let lastResultsChain = Promise.resolve();
function addLastResult(entry) {
  // Serialised: jobs finishing together must not overwrite each other's entries.
  lastResultsChain = lastResultsChain.then(async () => {
    const list = [entry, ...(await getLastResults())].slice(0, MAX_LAST_RESULTS);
    if (sessionStore) await sessionStore.set({ lastResults: list });
    else lastResultsMemory = list;
  }).catch(() => {});
  return lastResultsChain;
}

// ---- dynamic content scripts for sites the user added ----

async function syncUserSiteScripts(settings) {
  if (!api.scripting || !api.scripting.registerContentScripts) return;
  const origins = [];
  for (const site of userSites(settings)) {
    const wanted = siteOrigins(site);
    if (await api.permissions.contains({ origins: wanted })) origins.push(...wanted);
  }
  try {
    const existing = await api.scripting.getRegisteredContentScripts({ ids: [USER_SITES_SCRIPT_ID] });
    if (existing.length) await api.scripting.unregisterContentScripts({ ids: [USER_SITES_SCRIPT_ID] });
    if (origins.length) {
      await api.scripting.registerContentScripts([{
        id: USER_SITES_SCRIPT_ID, matches: origins, js: ['content/content.js'], runAt: 'document_start', allFrames: true,
      }]);
    }
  } catch (err) {
    console.warn('[recessive] cannot register content scripts for user sites', err);
  }
}

// ---- handlers ----

const running = new Map(); // `${tabId}:${requestId}` -> job handle

function hostnameOf(url) {
  try { return new URL(url).hostname; } catch { return ''; }
}

const handlers = {
  async 'site-state'(message, ctx) {
    return store.siteState(ctx.hostname);
  },

  async 'protect-file'(message, ctx) {
    const settings = await store.load();
    if (!isEnabledFor(settings, ctx.hostname)) return { skipped: true, reason: 'site_disabled' };
    client.setTimeouts(settings.timeouts);
    const key = `${ctx.tabId}:${message.requestId}`;
    const started = Date.now();
    activity.start(ctx.tabId);
    const job = client.submit({
      name: message.name,
      mime: message.mime,
      bytes: base64ToBytes(message.data),
      strength: settings.strength,
      onProgress: (p) => {
        if (ctx.tabId === undefined) return;
        api.tabs.sendMessage(ctx.tabId, { type: 'progress', requestId: message.requestId, stage: p.stage, fraction: p.fraction }, { frameId: ctx.frameId })
          .catch(() => {});
      },
    });
    running.set(key, job);
    try {
      const result = await job.promise;
      // The host's report describes the returned file; a file that still retrieves as the original's class is a
      // failure (failure policy), not a protected photo.
      if (result.report && result.report.label_changed === false) {
        throw new RecessiveError('not_protected', `${describeError('not_protected')} (${result.report.steps} steps, PSNR ${Number(result.report.psnr).toFixed(1)} dB)`);
      }
      activity.finish(ctx.tabId, true);
      const seconds = (Date.now() - started) / 1000;
      await addLastResult({
        at: Date.now(), site: siteForHostname(settings, ctx.hostname), name: message.name, ok: true,
        seconds, psnr: result.report && result.report.psnr, report: result.report, timings: result.timings,
        width: result.width, height: result.height, strength: settings.strength,
      });
      return {
        name: result.name, mime: result.mime, data: bytesToBase64(result.bytes),
        width: result.width, height: result.height, report: result.report, timings: result.timings, seconds,
      };
    } catch (err) {
      activity.finish(ctx.tabId, false);
      const code = err instanceof RecessiveError ? err.code : 'engine_failure';
      await addLastResult({ at: Date.now(), site: siteForHostname(settings, ctx.hostname), name: message.name, ok: false, code, message: String(err.message || err) });
      throw err instanceof RecessiveError ? err : new RecessiveError(code, String(err && err.message ? err.message : err));
    } finally {
      running.delete(key);
    }
  },

  async cancel(message, ctx) {
    const job = running.get(`${ctx.tabId}:${message.requestId}`);
    if (job) job.cancel();
    return { cancelled: Boolean(job) };
  },

  async 'get-status'(message) {
    const settings = await store.load();
    const hostname = message.url ? hostnameOf(message.url) : '';
    const site = hostname ? siteForHostname(settings, hostname) : null;
    if (client.state === 'disconnected' && !client.helloWaiters) {
      try { await client.connect(); } catch { /* reported in status */ }
    }
    return {
      host: client.status(),
      hostErrorText: client.lastError ? describeError(client.lastError.code) : null,
      page: { hostname, site, enabled: Boolean(site && settings.sites[site].enabled), suggestedSite: hostname ? normalizeSite(hostname) : null },
      settings,
      lastResults: await getLastResults(),
    };
  },

  async 'get-settings'() {
    return { settings: await store.load(), hostName: HOST_NAME };
  },

  async 'set-site-enabled'(message) {
    const settings = await store.setSiteEnabled(message.site, message.enabled);
    return { settings };
  },

  async 'add-site'(message) {
    const site = normalizeSite(message.site);
    if (!site) throw new RecessiveError('bad_request', `not a site: ${message.site}`);
    if (!(await api.permissions.contains({ origins: siteOrigins(site) }))) {
      throw new RecessiveError('bad_request', `no permission for ${site}: the options page asks for it first`);
    }
    await store.addSite(site);
    const settings = await store.load();
    await syncUserSiteScripts(settings);
    return { site, settings };
  },

  async 'remove-site'(message) {
    const settings = await store.removeSite(message.site);
    await syncUserSiteScripts(settings);
    try { await api.permissions.remove({ origins: siteOrigins(message.site) }); } catch { /* not granted */ }
    return { settings };
  },

  async 'set-strength'(message) {
    return { settings: await store.setStrength(message.strength) };
  },

  async 'set-failure-policy'(message) {
    return { settings: await store.setFailurePolicy(message.policy) };
  },

  async reconnect() {
    client.disconnect();
    try { await client.connect(); } catch { /* reported in status */ }
    return { host: client.status() };
  },
};

const dispatch = createDispatcher(handlers);

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const kind = senderKindOf(sender, api.runtime.id, EXTENSION_ORIGIN);
  if (!kind) return false;
  const ctx = {
    sender,
    tabId: sender.tab ? sender.tab.id : undefined,
    frameId: sender.frameId,
    hostname: hostnameOf(sender.url || ''),
  };
  dispatch(message, kind, ctx).then(sendResponse, (err) => sendResponse({ ok: false, code: 'engine_failure', message: String(err) }));
  return true; // answer asynchronously
});

api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !changes[SETTINGS_KEY]) return;
  const settings = mergeSettings(changes[SETTINGS_KEY].newValue);
  client.setTimeouts(settings.timeouts);
  api.tabs.query({}).then((tabs) => tabs.forEach((t) => refreshTabIcon(t.id, t.url))).catch(() => {});
});

api.permissions.onRemoved && api.permissions.onRemoved.addListener(async () => syncUserSiteScripts(await store.load()));

// Start: apply settings, register user-site scripts, and connect so the host loads its model early.
(async () => {
  const settings = await store.load();
  client.setTimeouts(settings.timeouts);
  await syncUserSiteScripts(settings);
  client.connect().catch(() => {});
})();

// For tests and debugging from the service worker console.
globalThis.recessive = { client, store, handlers };
