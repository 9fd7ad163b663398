// Text for the popup and options pages (no browser APIs).

export function describeHost(host, errorText) {
  if (!host) return 'Unknown';
  if (host.state === 'connected' && host.host) {
    const h = host.host;
    const device = h.device ? `${h.device.kind === 'cuda' ? 'GPU' : 'CPU'}: ${h.device.name}` : 'device unknown';
    return `Connected — recessive-host ${h.version}, protocol ${h.protocol}, ${device}`;
  }
  if (host.state === 'connecting') return 'Connecting…';
  if (host.lastError) return `Not connected — ${errorText || host.lastError.code} (${host.lastError.message})`;
  return 'Not connected';
}

export function describeResult(r) {
  const when = new Date(r.at).toLocaleTimeString();
  if (!r.ok) return `${when} ${r.name}: failed (${r.code})`;
  const psnr = Number.isFinite(r.psnr) ? `PSNR ${r.psnr.toFixed(1)} dB` : 'PSNR n/a';
  const secs = Number.isFinite(r.seconds) ? `${r.seconds.toFixed(1)} s` : '';
  const changed = r.report && typeof r.report.label_changed === 'boolean' ? (r.report.label_changed ? ', retrieval fooled' : ', retrieval not fooled') : '';
  return `${when} ${r.name}: ${psnr}, ${secs}${changed}`;
}
