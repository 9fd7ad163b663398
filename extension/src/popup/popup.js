import { siteOrigins } from '../shared/settings.js';
import { describeHost, describeResult } from '../shared/format.js';
import { api, $, send } from '../ui/page.js';

async function currentTabUrl() {
  const q = new URLSearchParams(location.search).get('url'); // for tests: popup.html?url=...
  if (q) return q;
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab && tab.url;
}

async function render() {
  const url = await currentTabUrl();
  const status = await send(url ? { type: 'get-status', url } : { type: 'get-status' });
  const { page } = status;
  const toggle = $('site-enabled');
  if (page.site) {
    toggle.disabled = false;
    toggle.checked = page.enabled;
    $('site-label').textContent = `Protect uploads on ${page.site}`;
    $('site-note').textContent = page.enabled ? 'Photos you upload here are protected first.' : 'Uploads here go out unprotected.';
    $('add-site').hidden = true;
    toggle.onchange = async () => {
      await send({ type: 'set-site-enabled', site: page.site, enabled: toggle.checked });
      render();
    };
  } else {
    toggle.disabled = true;
    toggle.checked = false;
    $('site-label').textContent = page.hostname ? `Not protected: ${page.hostname}` : 'No site in this tab';
    $('site-note').textContent = '';
    $('add-site').hidden = !page.suggestedSite;
    $('add-site').onclick = async () => {
      const site = page.suggestedSite;
      // Must run in the click handler: permission prompts need a user gesture.
      const granted = await api.permissions.request({ origins: siteOrigins(site) });
      if (granted) await send({ type: 'add-site', site });
      render();
    };
  }
  $('host-status').textContent = describeHost(status.host, status.hostErrorText);
  $('host-status').className = status.host.state === 'connected' ? 'ok' : 'bad';
  $('host-help').hidden = !(status.host.lastError && status.host.lastError.code === 'host_not_installed');
  const list = $('result-list');
  list.textContent = '';
  for (const r of status.lastResults) {
    const li = document.createElement('li');
    li.textContent = describeResult(r);
    li.className = r.ok ? 'ok' : 'bad';
    list.appendChild(li);
  }
  $('no-results').hidden = status.lastResults.length > 0;
}

$('reconnect').onclick = async () => {
  $('host-status').textContent = 'Reconnecting…';
  await send({ type: 'reconnect' }).catch(() => {});
  render();
};
$('open-options').onclick = (e) => {
  e.preventDefault();
  api.runtime.openOptionsPage();
};
render().catch((err) => { $('host-status').textContent = String(err.message || err); });
