// Settings: one object in storage under SETTINGS_KEY, merged over DEFAULTS.
// Per-site state is one map keyed by hostname (registrable part, no "www."); a site covers its subdomains.
// Storage is injected ({get(key) -> Promise<value|undefined>, set(key, value) -> Promise}) so node tests
// run in memory; the background passes a chrome.storage.local adapter. Not thread-safe across contexts:
// only the background writes (popup/options go through it).

export const SETTINGS_KEY = 'settings';
export const STRENGTHS = Object.freeze(['light', 'standard', 'strong']);
// block: hold the upload and explain, with "Upload original anyway"; original: upload the original with a notice.
export const FAILURE_POLICIES = Object.freeze(['block', 'original']);
export const BUILTIN_SITES = Object.freeze(['facebook.com', 'instagram.com']);

export const DEFAULTS = Object.freeze({
  version: 1,
  sites: Object.freeze({
    'facebook.com': Object.freeze({ enabled: true, builtin: true }),
    'instagram.com': Object.freeze({ enabled: true, builtin: true }),
  }),
  strength: 'standard',
  failurePolicy: 'block',
  timeouts: Object.freeze({ idleSeconds: 120, jobSeconds: 900, helloSeconds: 15 }),
});

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

// "https://www.Example.com:8080/x" or "www.example.com" -> "example.com"; null if not a hostname.
export function normalizeSite(input) {
  if (typeof input !== 'string') return null;
  let text = input.trim().toLowerCase();
  if (!text) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    try { text = new URL(text).hostname; } catch { return null; }
  } else {
    text = text.replace(/[/?#].*$/, '').replace(/:\d+$/, '');
  }
  text = text.replace(/\.$/, '').replace(/^\*\./, '').replace(/^www\./, '');
  const labels = text.split('.');
  if (labels.length < 2 && text !== 'localhost') return null;
  if (!labels.every((l) => HOST_LABEL.test(l))) return null;
  return text;
}

// The match patterns a site needs (host permission and content-script matches).
export function siteOrigins(site) {
  return [`*://${site}/*`, `*://*.${site}/*`];
}

function clone(value) {
  return JSON.parse(JSON.stringify(value));
}

// Merge stored settings over defaults, dropping anything invalid.
export function mergeSettings(stored) {
  const out = clone(DEFAULTS);
  if (!stored || typeof stored !== 'object') return out;
  if (STRENGTHS.includes(stored.strength)) out.strength = stored.strength;
  if (FAILURE_POLICIES.includes(stored.failurePolicy)) out.failurePolicy = stored.failurePolicy;
  if (stored.timeouts && typeof stored.timeouts === 'object') {
    for (const k of Object.keys(out.timeouts)) {
      const v = stored.timeouts[k];
      if (Number.isFinite(v) && v > 0 && v <= 24 * 3600) out.timeouts[k] = v;
    }
  }
  if (stored.sites && typeof stored.sites === 'object') {
    for (const [key, value] of Object.entries(stored.sites)) {
      const site = normalizeSite(key);
      if (!site || site !== key || !value || typeof value !== 'object') continue;
      out.sites[site] = { enabled: value.enabled !== false, builtin: BUILTIN_SITES.includes(site) };
    }
  }
  return out;
}

// The registered site covering `hostname` (most specific wins), or null.
export function siteForHostname(settings, hostname) {
  if (typeof hostname !== 'string' || !hostname) return null;
  const host = hostname.toLowerCase().replace(/\.$/, '');
  let best = null;
  for (const site of Object.keys(settings.sites)) {
    if ((host === site || host.endsWith(`.${site}`)) && (!best || site.length > best.length)) best = site;
  }
  return best;
}

export function isEnabledFor(settings, hostname) {
  const site = siteForHostname(settings, hostname);
  return Boolean(site && settings.sites[site].enabled);
}

export class SettingsStore {
  constructor(storage) {
    this.storage = storage;
  }

  async load() {
    return mergeSettings(await this.storage.get(SETTINGS_KEY));
  }

  async save(settings) {
    const merged = mergeSettings(settings);
    await this.storage.set(SETTINGS_KEY, merged);
    return merged;
  }

  async update(mutator) {
    const settings = await this.load();
    mutator(settings);
    return this.save(settings);
  }

  async siteState(hostname) {
    const settings = await this.load();
    const site = siteForHostname(settings, hostname);
    return {
      site,
      enabled: Boolean(site && settings.sites[site].enabled),
      strength: settings.strength,
      failurePolicy: settings.failurePolicy,
    };
  }

  // Turns a registered site on or off. Throws for unknown sites (add them first: that needs a permission).
  async setSiteEnabled(site, enabled) {
    return this.update((s) => {
      if (!s.sites[site]) throw new Error(`unknown site ${site}`);
      s.sites[site].enabled = Boolean(enabled);
    });
  }

  async addSite(input) {
    const site = normalizeSite(input);
    if (!site) throw new Error(`not a site: ${input}`);
    await this.update((s) => {
      s.sites[site] = { enabled: true, builtin: BUILTIN_SITES.includes(site) };
    });
    return site;
  }

  // Built-in sites cannot be removed, only turned off.
  async removeSite(site) {
    return this.update((s) => {
      if (BUILTIN_SITES.includes(site)) throw new Error(`${site} is built in; turn it off instead`);
      delete s.sites[site];
    });
  }

  async setStrength(strength) {
    if (!STRENGTHS.includes(strength)) throw new Error(`unknown strength ${strength}`);
    return this.update((s) => { s.strength = strength; });
  }

  async setFailurePolicy(policy) {
    if (!FAILURE_POLICIES.includes(policy)) throw new Error(`unknown failure policy ${policy}`);
    return this.update((s) => { s.failurePolicy = policy; });
  }
}

// User-added sites (those needing an optional host permission).
export function userSites(settings) {
  return Object.keys(settings.sites).filter((s) => !BUILTIN_SITES.includes(s));
}
