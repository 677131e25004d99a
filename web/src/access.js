// Share links open /p/{id}?token=…: the token is kept for this tab and sent with every request
// for that postmortem (as y-websocket's `token` query parameter on the socket).

const key = (id) => 'debrief.token.' + id

/** The share-link token for postmortem `id`, if the page was opened through one. */
export function tokenFor (id) {
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) sessionStorage.setItem(key(id), fromUrl)
  return fromUrl || sessionStorage.getItem(key(id))
}

/** Request headers that carry `token`, if any. */
export const authHeaders = (token) => (token ? { authorization: 'Bearer ' + token } : {})
