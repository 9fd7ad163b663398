// Recessive content script (classic script, document_start, all frames of protected sites).
// Catches image uploads before the page sees them: file pickers (capture-phase `input`/`change` on
// window, so hidden and late inputs are covered), drag-and-drop (`drop`) and paste (`paste`).
// It holds the event, sends each supported image to the background, and hands the protected files
// back through a DataTransfer, re-dispatching the events (marked as ours so they pass untouched).
// Non-image files pass untouched. On failure the default policy blocks the upload and explains,
// offering "Upload original anyway".
(() => {
  'use strict';
  if (globalThis.__recessiveContentInstalled) return;
  globalThis.__recessiveContentInstalled = true;

  const api = globalThis.browser ?? globalThis.chrome;
  const SUPPORTED = ['image/jpeg', 'image/png', 'image/webp'];
  const BY_EXTENSION = { jpg: 'image/jpeg', jpeg: 'image/jpeg', jfif: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
  const MAX_FILE_BYTES = 64 * 1024 * 1024;
  const STAGE_SPAN = { receiving: [0, 0.1], queued: [0.1, 0.12], decoding: [0.12, 0.15], protecting: [0.15, 0.9], encoding: [0.9, 0.93], sending: [0.93, 1] };

  const state = { known: false, enabled: true, policy: 'block' };
  let redispatching = 0;
  let seq = 0;
  const pendingInputs = new WeakMap(); // input -> {files}
  const progressByRequest = new Map(); // requestId -> fraction 0..1

  // ---- site state ----
  function refreshState() {
    api.runtime.sendMessage({ type: 'site-state' }).then((r) => {
      if (r && r.ok) {
        state.known = true;
        state.enabled = r.enabled;
        state.policy = r.failurePolicy || 'block';
      }
    }, () => {});
  }
  refreshState();
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes.settings) refreshState();
  });

  api.runtime.onMessage.addListener((message) => {
    if (message && message.type === 'progress' && progressByRequest.has(message.requestId)) {
      const span = STAGE_SPAN[message.stage] || [0, 1];
      const f = Math.min(1, Math.max(0, Number(message.fraction) || 0));
      progressByRequest.set(message.requestId, span[0] + (span[1] - span[0]) * f);
      ui.updateProgress();
    }
    return false;
  });

  // ---- files ----
  function mimeOf(file) {
    if (SUPPORTED.includes(file.type)) return file.type;
    if (file.type) return null;
    const m = /\.([a-z0-9]+)$/i.exec(file.name || '');
    return (m && BY_EXTENSION[m[1].toLowerCase()]) || null;
  }
  const isProtectable = (file) => file instanceof File && mimeOf(file) !== null;

  function readAsBase64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.onerror = () => reject(new Error(`cannot read ${file.name}`));
      reader.readAsDataURL(file);
    });
  }
  function base64ToBytes(text) {
    const binary = atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }

  // Resolves to {file, protected: bool, error?: {code, message}, report?}
  async function protectFile(file) {
    const mime = mimeOf(file);
    if (file.size > MAX_FILE_BYTES) return { file, protected: false, error: { code: 'too_large', message: `${file.name} is larger than 64 MiB.` } };
    const requestId = `r${Date.now().toString(36)}${(++seq).toString(36)}`;
    progressByRequest.set(requestId, 0);
    ui.updateProgress();
    try {
      // A data: URL, not file.arrayBuffer(): in Firefox the buffer would belong to the page's
      // compartment and touching it from here throws "Permission denied to access property constructor".
      const data = await readAsBase64(file);
      const reply = await api.runtime.sendMessage({ type: 'protect-file', requestId, name: file.name || 'image', mime, size: file.size, data });
      if (!reply) return { file, protected: false, error: { code: 'host_disconnected', message: 'No answer from the extension.' } };
      if (!reply.ok) return { file, protected: false, error: { code: reply.code, message: reply.message } };
      if (reply.skipped) return { file, protected: false, skipped: true };
      const out = base64ToBytes(reply.data);
      // Same name and type as the original, so the page cannot tell the difference.
      const protectedFile = new File([out], file.name, { type: file.type || mime, lastModified: file.lastModified });
      return { file: protectedFile, original: file, protected: true, report: reply.report, seconds: reply.seconds };
    } catch (err) {
      return { file, protected: false, error: { code: 'host_disconnected', message: String(err && err.message ? err.message : err) } };
    } finally {
      progressByRequest.delete(requestId);
      ui.updateProgress();
    }
  }

  // Protects every supported image in `files`; other files are kept as they are.
  // Calls deliver(files) with the final list, or shows the failure notice (policy) and lets the user decide.
  async function handleFiles(files, deliver, abandon) {
    const results = await Promise.all(files.map((f) => (isProtectable(f) ? protectFile(f) : Promise.resolve({ file: f, protected: false, passthrough: true }))));
    const failed = results.filter((r) => r.error);
    if (!failed.length) {
      deliver(results.map((r) => r.file));
      const n = results.filter((r) => r.protected).length;
      if (n) ui.flash(`Recessive: ${n} photo${n > 1 ? 's' : ''} protected.`);
      return;
    }
    const originals = results.map((r) => r.file); // protected where that worked, else the original
    const reason = failed.map((r) => `${r.file.name}: ${r.error.message || r.error.code}`).join('\n');
    if (state.policy === 'original') {
      deliver(originals);
      ui.notice({ title: 'Recessive could not protect this upload; the original was uploaded.', detail: reason, code: failed[0].error.code });
      return;
    }
    ui.notice({
      title: 'Recessive blocked this upload: the photo could not be protected.',
      detail: reason,
      code: failed[0].error.code,
      actions: [
        { label: 'Upload original anyway', id: 'upload-original', run: () => deliver(originals) },
        { label: 'Cancel upload', id: 'cancel-upload', run: () => abandon() },
      ],
    });
  }

  function withRedispatch(fn) {
    redispatching++;
    try { return fn(); } finally { redispatching--; }
  }

  function makeDataTransfer(files, strings) {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(f);
    for (const [type, value] of strings || []) {
      try { dt.setData(type, value); } catch { /* read-only type */ }
    }
    return dt;
  }

  function capturedStrings(dt) {
    const out = [];
    for (const type of Array.from(dt.types || [])) {
      if (type === 'Files') continue;
      try { out.push([type, dt.getData(type)]); } catch { /* not readable */ }
    }
    return out;
  }

  // ---- file inputs: `input` fires before `change`; hold both ----
  function onFileInputEvent(ev) {
    if (redispatching) return;
    const input = ev.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file') return;
    const files = Array.from(input.files || []);
    const pending = pendingInputs.get(input);
    if (pending && pending.files.length === files.length && pending.files.every((f, i) => f === files[i])) {
      ev.stopImmediatePropagation(); // the second of input/change for a selection we already hold
      return;
    }
    if (!files.some(isProtectable)) return;
    if (state.known && !state.enabled) return;
    ev.stopImmediatePropagation();
    pendingInputs.set(input, { files });
    const deliver = (list) => {
      pendingInputs.delete(input);
      withRedispatch(() => {
        input.files = makeDataTransfer(list).files;
        input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
    };
    const abandon = () => {
      pendingInputs.delete(input);
      input.value = '';
    };
    handleFiles(files, deliver, abandon);
  }
  window.addEventListener('input', onFileInputEvent, true);
  window.addEventListener('change', onFileInputEvent, true);

  // ---- drag and drop ----
  window.addEventListener('drop', (ev) => {
    if (redispatching || !ev.dataTransfer) return;
    const files = Array.from(ev.dataTransfer.files || []);
    if (!files.some(isProtectable)) return;
    if (state.known && !state.enabled) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    const target = ev.target;
    const strings = capturedStrings(ev.dataTransfer);
    const init = {
      bubbles: true, cancelable: true, composed: true,
      clientX: ev.clientX, clientY: ev.clientY, screenX: ev.screenX, screenY: ev.screenY,
      ctrlKey: ev.ctrlKey, shiftKey: ev.shiftKey, altKey: ev.altKey, metaKey: ev.metaKey,
    };
    handleFiles(files, (list) => withRedispatch(() => {
      target.dispatchEvent(new DragEvent('drop', { ...init, dataTransfer: makeDataTransfer(list, strings) }));
    }), () => {});
  }, true);

  // ---- paste ----
  window.addEventListener('paste', (ev) => {
    if (redispatching || !ev.clipboardData) return;
    const cd = ev.clipboardData;
    let files = Array.from(cd.files || []);
    if (!files.length) files = Array.from(cd.items || []).filter((i) => i.kind === 'file').map((i) => i.getAsFile()).filter(Boolean);
    if (!files.some(isProtectable)) return;
    if (state.known && !state.enabled) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    const target = ev.target;
    const strings = capturedStrings(cd);
    handleFiles(files, (list) => withRedispatch(() => {
      target.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true, clipboardData: makeDataTransfer(list, strings) }));
    }), () => {});
  }, true);

  // ---- on-page indicator and notices (open shadow root: page styles cannot break it) ----
  const ui = (() => {
    let host = null;
    let root = null;
    let progressEl = null;
    let flashTimer = null;
    function ensure() {
      if (host && host.isConnected) return;
      host = document.createElement('recessive-overlay');
      host.id = 'recessive-overlay';
      host.style.cssText = 'all: initial; position: fixed; z-index: 2147483647; right: 16px; bottom: 16px; max-width: 360px;';
      root = host.attachShadow({ mode: 'open' });
      root.innerHTML = `<style>
        .box { font: 13px/1.4 system-ui, sans-serif; color: #202124; background: #fff; border: 1px solid #dadce0;
               border-radius: 8px; box-shadow: 0 2px 8px rgba(0,0,0,.2); padding: 8px 12px; margin-top: 8px; }
        .notice { border-left: 4px solid #d93025; }
        .title { font-weight: 600; }
        .detail { white-space: pre-wrap; color: #5f6368; margin-top: 4px; font-size: 12px; }
        .bar { height: 4px; background: #e8eaed; border-radius: 2px; margin-top: 6px; overflow: hidden; }
        .bar > div { height: 100%; background: #1a73e8; width: 0; transition: width .2s; }
        button { font: inherit; margin: 8px 8px 0 0; padding: 4px 10px; border-radius: 4px; border: 1px solid #dadce0; background: #f8f9fa; cursor: pointer; }
        button.primary { background: #1a73e8; border-color: #1a73e8; color: #fff; }
      </style><div class="stack"></div>`;
      (document.body || document.documentElement).appendChild(host);
    }
    const stack = () => root.querySelector('.stack');
    function updateProgress() {
      const n = progressByRequest.size;
      if (!n) {
        if (progressEl) progressEl.remove();
        progressEl = null;
        return;
      }
      ensure();
      if (!progressEl || !progressEl.isConnected) {
        progressEl = document.createElement('div');
        progressEl.className = 'box progress';
        progressEl.dataset.recessive = 'progress';
        progressEl.setAttribute('role', 'status');
        progressEl.innerHTML = '<div class="title"></div><div class="bar"><div></div></div>';
        stack().appendChild(progressEl);
      }
      const total = [...progressByRequest.values()].reduce((a, b) => a + b, 0) / n;
      progressEl.querySelector('.title').textContent = `Recessive: protecting ${n} photo${n > 1 ? 's' : ''}… ${Math.round(total * 100)}%`;
      progressEl.querySelector('.bar > div').style.width = `${Math.round(total * 100)}%`;
    }
    function flash(text) {
      ensure();
      const el = document.createElement('div');
      el.className = 'box';
      el.dataset.recessive = 'flash';
      el.textContent = text;
      stack().appendChild(el);
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => el.remove(), 2500);
    }
    function notice({ title, detail, code, actions = [] }) {
      ensure();
      const el = document.createElement('div');
      el.className = 'box notice';
      el.dataset.recessive = 'notice';
      el.dataset.code = code || '';
      el.setAttribute('role', 'alert');
      const t = document.createElement('div');
      t.className = 'title';
      t.textContent = title;
      const d = document.createElement('div');
      d.className = 'detail';
      d.textContent = detail || '';
      el.append(t, d);
      const all = actions.length ? actions : [{ label: 'OK', id: 'dismiss', run: () => {} }];
      all.forEach((a, i) => {
        const b = document.createElement('button');
        b.textContent = a.label;
        b.dataset.recessive = a.id;
        if (i === 0 && actions.length) b.className = 'primary';
        b.addEventListener('click', () => {
          el.remove();
          a.run();
        });
        el.appendChild(b);
      });
      stack().appendChild(el);
    }
    return { updateProgress, flash, notice };
  })();
})();
