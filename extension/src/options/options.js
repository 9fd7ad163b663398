import { normalizeSite, siteOrigins } from '../shared/settings.js';
import { describeHost } from '../shared/format.js';
import { api, $, send } from '../ui/page.js';

function renderSites(settings) {
  const body = $('sites');
  body.textContent = '';
  for (const [site, state] of Object.entries(settings.sites)) {
    const tr = document.createElement('tr');
    tr.dataset.site = site;
    const name = document.createElement('td');
    name.textContent = site;
    const on = document.createElement('td');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = state.enabled;
    box.dataset.role = 'enabled';
    box.setAttribute('aria-label', `Protect uploads on ${site}`);
    box.onchange = async () => renderSites((await send({ type: 'set-site-enabled', site, enabled: box.checked })).settings);
    const label = document.createElement('label');
    label.append(box, ' protect');
    on.appendChild(label);
    const actions = document.createElement('td');
    if (!state.builtin) {
      const rm = document.createElement('button');
      rm.textContent = 'Remove';
      rm.dataset.role = 'remove';
      rm.onclick = async () => renderSites((await send({ type: 'remove-site', site })).settings);
      actions.appendChild(rm);
    } else {
      actions.textContent = 'built in';
      actions.className = 'note';
    }
    tr.append(name, on, actions);
    body.appendChild(tr);
  }
}

async function render() {
  const { settings } = await send({ type: 'get-settings' });
  renderSites(settings);
  for (const r of document.querySelectorAll('input[name=strength]')) r.checked = r.value === settings.strength;
  for (const r of document.querySelectorAll('input[name=policy]')) r.checked = r.value === settings.failurePolicy;
  const status = await send({ type: 'get-status' });
  $('host-status').textContent = describeHost(status.host, status.hostErrorText);
  $('host-status').className = status.host.state === 'connected' ? 'ok' : 'bad';
  $('host-help').hidden = !(status.host.lastError && status.host.lastError.code === 'host_not_installed');
}

$('host-name').textContent = 'org.recessive.host';

$('add-form').onsubmit = async (e) => {
  e.preventDefault();
  $('add-error').textContent = '';
  const site = normalizeSite($('add-input').value);
  if (!site) {
    $('add-error').textContent = 'Enter a site such as example.com';
    return;
  }
  try {
    // Ask in the submit handler: permission prompts need a user gesture.
    const granted = await api.permissions.request({ origins: siteOrigins(site) });
    if (!granted) {
      $('add-error').textContent = `Permission for ${site} was not granted.`;
      return;
    }
    renderSites((await send({ type: 'add-site', site })).settings);
    $('add-input').value = '';
  } catch (err) {
    $('add-error').textContent = String(err.message || err);
  }
};

for (const r of document.querySelectorAll('input[name=strength]')) {
  r.onchange = () => send({ type: 'set-strength', strength: r.value });
}
for (const r of document.querySelectorAll('input[name=policy]')) {
  r.onchange = () => send({ type: 'set-failure-policy', policy: r.value });
}
$('reconnect').onclick = async () => {
  $('host-status').textContent = 'Reconnecting…';
  await send({ type: 'reconnect' }).catch(() => {});
  render();
};

render().catch((err) => { $('host-status').textContent = String(err.message || err); });
