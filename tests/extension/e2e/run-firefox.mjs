#!/usr/bin/env node
// End-to-end smoke test in headless Firefox ESR (WebDriver BiDi through puppeteer-core).
//   RECESSIVE_HOST=/path/to/recessive-host node tests/extension/e2e/run-firefox.mjs
// Exit 77 (skipped, reason printed) without RECESSIVE_HOST, firefox-esr, puppeteer-core or openssl.
// Firefox has no --host-resolver-rules: www.instagram.com is reached through a local CONNECT proxy
// (network.proxy.* prefs) that forwards to the HTTPS fixture server. The host manifest goes to
// $HOME/.mozilla/native-messaging-hosts with HOME pointing at a temporary folder.
// BiDi refuses to open moz-extension:// pages, so the popup/options pages are not driven here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import net from 'node:net';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const skip = (why) => { console.log(`SKIP: ${why}`); process.exit(77); };
if (!process.env.RECESSIVE_HOST) skip('RECESSIVE_HOST is not set');
const hostPath = path.resolve(process.env.RECESSIVE_HOST);
const FIREFOX = process.env.FIREFOX || ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => fs.existsSync(p));
if (!FIREFOX) skip('firefox-esr not found');
let puppeteer;
try { puppeteer = (await import('puppeteer-core')).default; } catch { skip('puppeteer-core is not installed (npm ci)'); }
try { execFileSync('openssl', ['version'], { stdio: 'ignore' }); } catch { skip('openssl not found'); }
const PHOTOS = process.env.RECESSIVE_PHOTOS || path.resolve(ROOT, '../shared/datasets/photos');
const photo = path.join(PHOTOS, 'obama2.jpg');
if (!fs.existsSync(photo)) skip(`${photo} missing`);
const TIMEOUT_MS = Number(process.env.RECESSIVE_E2E_TIMEOUT_S || 300) * 1000;

const { build } = await import(path.join(ROOT, 'extension', 'build.mjs'));
const { startServer } = await import(path.join(HERE, 'server.mjs'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'recessive-e2e-ff-'));
const extDir = build({ out: path.join(work, 'ext'), targets: ['firefox'] }).firefox;
const original = fs.readFileSync(photo);
const server = await startServer({ tlsDir: work, files: { 'obama2.jpg': original } });
const proxy = http.createServer();
proxy.on('connect', (req, sock, head) => {
  const up = net.connect(server.port, '127.0.0.1', () => {
    sock.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    up.write(head);
    up.pipe(sock);
    sock.pipe(up);
  });
  up.on('error', () => sock.destroy());
  sock.on('error', () => up.destroy());
});
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));

async function withFirefox(label, host, fn) {
  const home = path.join(work, `home-${label}`);
  fs.mkdirSync(path.join(home, '.mozilla', 'native-messaging-hosts'), { recursive: true });
  fs.writeFileSync(path.join(home, '.mozilla', 'native-messaging-hosts', 'org.recessive.host.json'), JSON.stringify({
    name: 'org.recessive.host', description: 'Recessive protection host (e2e)', path: host, type: 'stdio', allowed_extensions: ['recessive@recessive.org'],
  }));
  const port = proxy.address().port;
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true, acceptInsecureCerts: true,
    env: { ...process.env, HOME: home },
    extraPrefsFirefox: {
      'network.proxy.type': 1, 'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': port,
      'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': port, 'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
  try {
    assert.equal(await browser.installExtension(extDir), 'recessive@recessive.org');
    const page = await browser.newPage();
    await page.goto('https://www.instagram.com/', { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 500)); // let the content script learn the site state
    await fn(page);
  } finally {
    await browser.close();
  }
}

let failed = 0;
async function scenario(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (err) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(err && err.stack ? err.stack : err).split('\n').join('\n  ')}`);
  }
}

await scenario('Firefox: a picked photo is uploaded protected (differs, decodes to the same size)', () => withFirefox('host', hostPath, async (page) => {
  const before = server.uploads.length;
  await (await page.$('#file-input')).uploadFile(photo);
  const [u] = (await server.waitForUploads(before + 1, TIMEOUT_MS)).slice(before);
  assert.equal(u.name, 'obama2.jpg');
  assert.equal(u.type, 'image/jpeg');
  assert.ok(!u.bytes.equals(original), 'bytes differ from the original');
  const sizes = await page.evaluate(async (i) => {
    const a = await createImageBitmap(await (await fetch('/files/obama2.jpg')).blob());
    const b = await createImageBitmap(await (await fetch(`/uploads/${i}`)).blob());
    return [a.width, a.height, b.width, b.height];
  }, server.uploads.indexOf(u));
  assert.deepEqual(sizes.slice(2), sizes.slice(0, 2), 'same width and height');
}));

const failing = path.join(work, 'failing-host.sh');
fs.writeFileSync(failing, `#!/bin/sh\nexec "${process.execPath}" "${path.join(HERE, 'fake-host.mjs')}" --fail engine_failure "$@"\n`, { mode: 0o755 });
await scenario('Firefox: host failure blocks the upload with a visible message; "Upload original anyway" works', () => withFirefox('fail', failing, async (page) => {
  const before = server.uploads.length;
  await (await page.$('#file-input')).uploadFile(photo);
  await page.waitForFunction(() => {
    const h = document.querySelector('#recessive-overlay');
    return h && h.shadowRoot && h.shadowRoot.querySelector('[data-recessive=notice]');
  }, { timeout: 30000, polling: 100 });
  const code = await page.evaluate(() => document.querySelector('#recessive-overlay').shadowRoot.querySelector('[data-recessive=notice]').dataset.code);
  assert.equal(code, 'engine_failure');
  assert.equal(server.uploads.length, before, 'nothing uploaded');
  await page.evaluate(() => document.querySelector('#recessive-overlay').shadowRoot.querySelector('[data-recessive=upload-original]').click());
  const [u] = (await server.waitForUploads(before + 1, 10000)).slice(before);
  assert.ok(u.bytes.equals(original), 'original byte for byte');
}));

await server.close();
proxy.close();
if (process.env.RECESSIVE_E2E_KEEP !== '1') fs.rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
