// Error codes of the native host protocol v1 (docs/protocol.md, "error" message).
// Mirrors native_host/include/recessive/host/error_code.h: keep the two lists identical
// (tests/extension/error-codes.test.mjs checks this file against docs/protocol.md).
export const HOST_ERROR_CODES = Object.freeze([
  'bad_frame',
  'bad_json',
  'unknown_type',
  'bad_field',
  'too_large',
  'bad_chunk',
  'checksum_mismatch',
  'bad_image',
  'unsupported_format',
  'engine_failure',
  'cancelled',
  'busy',
  'timeout',
]);

// Codes raised inside the extension only (never sent by the host).
export const EXTENSION_ERROR_CODES = Object.freeze([
  'host_not_installed', // connectNative failed: no host manifest / host binary missing or forbidden
  'host_disconnected', // the host process ended while the job was in flight
  'bad_result', // the host's result failed the extension's own checks (order, size, SHA-256)
  'bad_request', // a content script sent something the allowlist refuses
  'site_disabled', // protection is off for this site
  'not_protected', // the host's file still retrieves as the original's class (report.label_changed false)
]);

// Human-readable explanation shown on pages and in the popup.
const MESSAGES = {
  bad_frame: 'The protection host received a truncated message.',
  bad_json: 'The protection host could not read a message.',
  unknown_type: 'The protection host does not understand this extension (version mismatch?).',
  bad_field: 'The protection host rejected the request (version mismatch?).',
  too_large: 'The photo is too large to protect.',
  bad_chunk: 'The photo was damaged on its way to the protection host.',
  checksum_mismatch: 'The photo was damaged on its way to the protection host.',
  bad_image: 'The photo could not be decoded.',
  unsupported_format: 'This image format cannot be protected (JPEG, PNG and WebP can).',
  engine_failure: 'The protection engine failed.',
  cancelled: 'Protection was cancelled.',
  busy: 'The protection host is busy.',
  timeout: 'Protection took too long.',
  host_not_installed: 'The Recessive protection host is not installed (or not registered for this browser).',
  host_disconnected: 'The protection host stopped unexpectedly.',
  bad_result: 'The protected photo came back damaged.',
  bad_request: 'Invalid request.',
  site_disabled: 'Protection is off for this site.',
  not_protected: 'The protected copy still leads reverse image search to this photo (try the Strong setting).',
};

export function isHostErrorCode(code) {
  return HOST_ERROR_CODES.includes(code);
}

export function describeError(code) {
  return MESSAGES[code] || 'Protection failed.';
}

// An Error carrying a protocol or extension code.
export class RecessiveError extends Error {
  constructor(code, message) {
    super(message || describeError(code));
    this.name = 'RecessiveError';
    this.code = code;
  }
}
