// Base64 <-> bytes without Node's Buffer, so the same code runs in service workers, pages and node.
// Works in slices so large photos do not overflow the argument limit of String.fromCharCode.

const SLICE = 0x8000;

export function bytesToBase64(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (let i = 0; i < u8.length; i += SLICE) {
    binary += String.fromCharCode.apply(null, u8.subarray(i, i + SLICE));
  }
  return btoa(binary);
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(text) {
  return typeof text === 'string' && BASE64_RE.test(text);
}

// Throws TypeError on anything that is not canonical padded base64.
export function base64ToBytes(text) {
  if (!isBase64(text)) throw new TypeError('invalid base64');
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

// Exact decoded length of a valid base64 string (no decoding).
export function base64DecodedLength(text) {
  if (!text) return 0;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - pad;
}
