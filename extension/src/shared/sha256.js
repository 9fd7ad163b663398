// SHA-256 as 64 lowercase hex digits, through WebCrypto (browsers and node >= 19 expose globalThis.crypto).
export async function sha256Hex(bytes) {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  const u8 = new Uint8Array(digest);
  let hex = '';
  for (const b of u8) hex += b.toString(16).padStart(2, '0');
  return hex;
}
