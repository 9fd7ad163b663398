import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, chromiumManifest, firefoxManifest, CHROMIUM_EXTENSION_ID, FIREFOX_ADDON_ID } from '../../extension/build.mjs';

function idFromKey(b64) {
  const hex = crypto.createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

test('the pinned key gives the documented Chromium extension ID', () => {
  assert.equal(idFromKey(chromiumManifest().key), CHROMIUM_EXTENSION_ID);
  assert.equal(CHROMIUM_EXTENSION_ID, 'legdnbeebchgmjiblfjmajifpkhlofck');
});

test('manifests: minimal permissions, background per browser, Firefox add-on id', () => {
  for (const m of [chromiumManifest(), firefoxManifest()]) {
    assert.equal(m.manifest_version, 3);
    assert.deepEqual(m.permissions, ['nativeMessaging', 'storage']);
    assert.deepEqual(m.host_permissions, ['*://*.facebook.com/*', '*://*.instagram.com/*']);
    assert.deepEqual(m.content_scripts[0].matches, m.host_permissions);
    assert.equal(m.content_scripts[0].run_at, 'document_start');
    assert.equal(m.content_scripts[0].all_frames, true);
    assert.deepEqual(m.optional_host_permissions, ['*://*/*']);
  }
  const c = chromiumManifest();
  assert.equal(c.background.service_worker, 'background/background.js');
  assert.equal(c.browser_specific_settings, undefined);
  const f = firefoxManifest();
  assert.deepEqual(f.background.scripts, ['background/background.js']);
  assert.equal(f.key, undefined);
  assert.equal(f.browser_specific_settings.gecko.id, FIREFOX_ADDON_ID);
  assert.equal(FIREFOX_ADDON_ID, 'recessive@recessive.org');
  assert.ok(Number.parseFloat(f.browser_specific_settings.gecko.strict_min_version) >= 109, 'MV3 needs Firefox 109+');
});

test('build writes both trees with every file the manifests name, and valid PNG icons', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'recessive-build-'));
  try {
    const dirs = build({ out });
    for (const dir of Object.values(dirs)) {
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      const named = [
        ...(m.background.scripts || [m.background.service_worker]),
        m.action.default_popup, m.options_ui.page, ...m.content_scripts[0].js,
        ...Object.values(m.icons), ...Object.values(m.action.default_icon),
      ];
      for (const f of named) assert.ok(fs.existsSync(path.join(dir, f)), `${f} in ${dir}`);
      for (const state of ['on', 'off', 'working', 'error']) {
        const png = fs.readFileSync(path.join(dir, 'icons', `${state}-16.png`));
        assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
      }
      // Every relative ES module import resolves inside the tree.
      const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
      for (const file of walk(dir).filter((f) => f.endsWith('.js'))) {
        for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/^import .* from '(\.[^']+)';$/gm)) {
          assert.ok(fs.existsSync(path.resolve(path.dirname(file), spec)), `${spec} from ${file}`);
        }
      }
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
