// Runtime messages between the extension's own contexts, with an allowlist per sender kind.
// Content scripts run inside pages we do not control, so the background accepts from them only
// the message types below, with every field checked and no extra fields. Extension pages (popup,
// options) get a wider list. A handler table maps each type to its handler.

import { isBase64, base64DecodedLength } from './base64.js';
import { STRENGTHS, FAILURE_POLICIES } from './settings.js';

export const SUPPORTED_MIME_TYPES = Object.freeze(['image/jpeg', 'image/png', 'image/webp']);
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const isString = (max) => (v) => typeof v === 'string' && v.length >= 1 && v.length <= max;
const isRequestId = (v) => typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v);
const isBool = (v) => typeof v === 'boolean';
const oneOf = (list) => (v) => list.includes(v);
const isSize = (v) => Number.isInteger(v) && v >= 1 && v <= MAX_FILE_BYTES;

// type -> { field: predicate }; `type` itself is implied. Cross-field checks in `check`.
export const CONTENT_SCRIPT_MESSAGES = Object.freeze({
  'site-state': { fields: {} },
  'protect-file': {
    fields: {
      requestId: isRequestId,
      name: isString(1024),
      mime: oneOf(SUPPORTED_MIME_TYPES),
      size: isSize,
      data: isBase64,
    },
    check: (m) => base64DecodedLength(m.data) === m.size || 'data length does not match size',
  },
  cancel: { fields: { requestId: isRequestId } },
});

export const EXTENSION_PAGE_MESSAGES = Object.freeze({
  ...CONTENT_SCRIPT_MESSAGES,
  'get-status': { fields: {}, optional: { tabId: Number.isInteger, url: isString(4096) } },
  'get-settings': { fields: {} },
  'set-site-enabled': { fields: { site: isString(253), enabled: isBool } },
  'add-site': { fields: { site: isString(4096) } },
  'remove-site': { fields: { site: isString(253) } },
  'set-strength': { fields: { strength: oneOf(STRENGTHS) } },
  'set-failure-policy': { fields: { policy: oneOf(FAILURE_POLICIES) } },
  reconnect: { fields: {} },
});

// Returns null when valid, else a reason.
export function validateMessage(message, senderKind) {
  const table = senderKind === 'extension' ? EXTENSION_PAGE_MESSAGES : senderKind === 'content' ? CONTENT_SCRIPT_MESSAGES : null;
  if (!table) return 'unknown sender';
  if (!message || typeof message !== 'object' || Array.isArray(message)) return 'not an object';
  const { type } = message;
  if (typeof type !== 'string' || !Object.hasOwn(table, type)) return `type not allowed: ${String(type).slice(0, 40)}`;
  const spec = table[type];
  const optional = spec.optional || {};
  for (const key of Object.keys(message)) {
    if (key !== 'type' && !Object.hasOwn(spec.fields, key) && !Object.hasOwn(optional, key)) return `unexpected field: ${key.slice(0, 40)}`;
  }
  for (const [key, ok] of Object.entries(spec.fields)) {
    if (!Object.hasOwn(message, key) || !ok(message[key])) return `bad field: ${key}`;
  }
  for (const [key, ok] of Object.entries(optional)) {
    if (Object.hasOwn(message, key) && !ok(message[key])) return `bad field: ${key}`;
  }
  if (spec.check) {
    const result = spec.check(message);
    if (result !== true) return result;
  }
  return null;
}

// Who sent a runtime message: 'extension' for our own pages, 'content' for content scripts, null otherwise.
export function senderKindOf(sender, extensionId, extensionOrigin) {
  if (!sender || sender.id !== extensionId) return null;
  const url = typeof sender.url === 'string' ? sender.url : '';
  const base = extensionOrigin ? extensionOrigin.replace(/\/?$/, '/') : null; // "chrome-extension://ID/"
  if (base && (url.startsWith(base) || sender.origin === base.slice(0, -1))) return 'extension';
  if (sender.tab) return 'content';
  return null;
}

// handlers: { type: async (message, context) => response }. The dispatcher validates first and
// turns thrown errors into {ok:false, code, message}. Responses are plain JSON objects.
export function createDispatcher(handlers) {
  return async function dispatch(message, senderKind, context = {}) {
    const reason = validateMessage(message, senderKind);
    if (reason) return { ok: false, code: 'bad_request', message: reason };
    const handler = handlers[message.type];
    if (!handler) return { ok: false, code: 'bad_request', message: `no handler for ${message.type}` };
    try {
      const response = await handler(message, context);
      return { ok: true, ...(response || {}) };
    } catch (err) {
      return { ok: false, code: err && err.code ? err.code : 'engine_failure', message: String(err && err.message ? err.message : err) };
    }
  };
}
