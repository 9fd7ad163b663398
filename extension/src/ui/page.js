// What the popup and options pages share: the extension API object, element lookup by id, and a request to
// the background that throws unless it answers { ok: true }.
export const api = globalThis.browser ?? globalThis.chrome;
export const $ = (id) => document.getElementById(id);

export async function send(message) {
  const reply = await api.runtime.sendMessage(message);
  if (!reply || !reply.ok) throw new Error((reply && reply.message) || 'no answer from the background');
  return reply;
}
