import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { HOST_ERROR_CODES, EXTENSION_ERROR_CODES, describeError, isHostErrorCode } from '../../extension/src/shared/error-codes.js';

const PROTOCOL = new URL('../../docs/protocol.md', import.meta.url);

test('HOST_ERROR_CODES is exactly the table of docs/protocol.md, in order', () => {
  const text = fs.readFileSync(PROTOCOL, 'utf8');
  const table = text.slice(text.indexOf('| code | meaning |'));
  const codes = [...table.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
  assert.ok(codes.length >= 10, 'table found');
  assert.deepEqual([...HOST_ERROR_CODES], codes);
});

test('the C++ header, once it exists, lists the same codes', (t) => {
  const header = new URL('../../native_host/include/recessive/host/error_code.h', import.meta.url);
  if (!fs.existsSync(header)) return t.skip('native_host/include/recessive/host/error_code.h not there yet');
  const text = fs.readFileSync(header, 'utf8');
  for (const code of HOST_ERROR_CODES) assert.ok(text.includes(`"${code}"`), `${code} in error_code.h`);
  return undefined;
});

test('extension-only codes do not collide with host codes and every code has a message', () => {
  for (const code of EXTENSION_ERROR_CODES) assert.equal(isHostErrorCode(code), false);
  for (const code of [...HOST_ERROR_CODES, ...EXTENSION_ERROR_CODES]) assert.notEqual(describeError(code), 'Protection failed.', code);
});
