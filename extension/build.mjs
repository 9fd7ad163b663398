#!/usr/bin/env node
// Builds the extension from src/ into <out>/chromium and <out>/firefox (default out: extension/dist).
//   node extension/build.mjs [--out DIR] [--target chromium|firefox|all]
// No bundler: the sources are copied as they are; only manifest.json differs per browser, and the
// icons are drawn here (icons.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawIcon, ICON_STATES, ICON_SIZES } from './icons.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SRC = path.join(HERE, 'src');
export const CHROMIUM_EXTENSION_ID = 'legdnbeebchgmjiblfjmajifpkhlofck';
export const FIREFOX_ADDON_ID = 'recessive@recessive.org';
const VERSION = '0.1.0';
const SITES = ['*://*.facebook.com/*', '*://*.instagram.com/*'];

export function baseManifest() {
  return {
    manifest_version: 3,
    name: 'Recessive',
    short_name: 'Recessive',
    version: VERSION,
    description: 'Protects the photos you upload to Facebook and Instagram against reverse image search, with a local protection host.',
    permissions: ['nativeMessaging', 'storage'],
    host_permissions: SITES,
    // Sites the user adds in the options page; "scripting" registers the content script there.
    optional_permissions: ['scripting'],
    optional_host_permissions: ['*://*/*'],
    icons: Object.fromEntries(ICON_SIZES.map((s) => [String(s), `icons/on-${s}.png`])),
    action: {
      default_title: 'Recessive',
      default_popup: 'popup/popup.html',
      default_icon: Object.fromEntries(ICON_SIZES.slice(0, 2).map((s) => [String(s), `icons/on-${s}.png`])),
    },
    options_ui: { page: 'options/options.html', open_in_tab: true },
    content_scripts: [{
      matches: SITES,
      js: ['content/content.js'],
      run_at: 'document_start',
      all_frames: true,
    }],
  };
}

export function chromiumManifest() {
  const key = fs.readFileSync(path.join(HERE, 'chromium-public-key.b64'), 'utf8').trim();
  return {
    ...baseManifest(),
    key, // pins the ID legdnbeebchgmjiblfjmajifpkhlofck so the host manifest's allowed_origins stays valid
    background: { service_worker: 'background/background.js', type: 'module' },
    minimum_chrome_version: '111',
  };
}

export function firefoxManifest() {
  return {
    ...baseManifest(),
    background: { scripts: ['background/background.js'], type: 'module' },
    browser_specific_settings: { gecko: { id: FIREFOX_ADDON_ID, strict_min_version: '128.0' } },
  };
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isDirectory()) copyDir(a, b);
    else if (/\.(js|html|css|json)$/.test(entry.name)) fs.copyFileSync(a, b);
  }
}

export function build({ out = path.join(HERE, 'dist'), targets = ['chromium', 'firefox'] } = {}) {
  const icons = [];
  for (const state of ICON_STATES) for (const size of ICON_SIZES) icons.push([`${state}-${size}.png`, drawIcon(state, size)]);
  const dirs = {};
  for (const target of targets) {
    const dir = path.join(out, target);
    fs.rmSync(dir, { recursive: true, force: true });
    copyDir(SRC, dir);
    fs.mkdirSync(path.join(dir, 'icons'), { recursive: true });
    for (const [name, png] of icons) fs.writeFileSync(path.join(dir, 'icons', name), png);
    const manifest = target === 'chromium' ? chromiumManifest() : firefoxManifest();
    fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    dirs[target] = dir;
  }
  return dirs;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let out;
  let targets = ['chromium', 'firefox'];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') out = path.resolve(args[++i]);
    else if (args[i] === '--target') targets = args[++i] === 'all' ? targets : [args[i]];
    else {
      console.error(`usage: build.mjs [--out DIR] [--target chromium|firefox|all]; unknown ${args[i]}`);
      process.exit(2);
    }
  }
  const dirs = build({ out, targets });
  for (const [t, d] of Object.entries(dirs)) console.log(`${t}: ${d}`);
}
