// The postmortems API (see server/src/http/postmortems.rs).

import { authHeaders } from './access.js'
import { showAccount } from './account.js'

/**
 * The signed-in session's CSRF token (null in other modes), from `/api/session`: asked once,
 * and sent as `X-CSRF-Token` on every request that changes something (server/src/http/auth.rs).
 */
let csrfToken = null

function csrfTokenOf (session) {
  csrfToken = session.then((s) => s.csrfToken ?? null, () => null)
  return csrfToken
}

async function call (path, options = {}) {
  const method = (options.method || 'GET').toUpperCase()
  if (method !== 'GET' && method !== 'HEAD') {
    const token = await (csrfToken ?? csrfTokenOf(fetch('/api/session').then((r) => r.json())))
    if (token) options = { ...options, headers: { ...options.headers, 'x-csrf-token': token } }
  }
  const response = await fetch(path, options)
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text()
  if (!response.ok) {
    const message = body?.error?.message || `${response.status} ${response.statusText}`
    const error = new Error(message)
    error.status = response.status
    // Where to sign in, when the server signs people in with an identity provider.
    error.login = body?.login
    throw error
  }
  return body
}

/**
 * Who the server takes this browser for (with a share-link `token`, if any): `{mode, role}`, and
 * for a share link also `{postmortem, expires_at}` (see server/src/http/session.rs).
 */
export function getSession (token) {
  const answer = call('/api/session', { headers: authHeaders(token) })
  // Without a token the answer is about this browser's sign-in, which the account bar shows.
  if (!token) {
    showAccount(answer)
    csrfTokenOf(answer)
  }
  return answer
}

/** Every postmortem the caller may read (the home page pages through them instead). */
export const listPostmortems = () => call('/api/postmortems')

/**
 * One page of the listing: `{items, next}`, where `next` (the server's `Link: rel="next"`) is
 * the path of the following page, or null after the last one. Start with `firstPage(query)`.
 */
export async function listPage (path) {
  const response = await fetch(path)
  if (!response.ok) return call(path) // the same request again, for its error
  const link = response.headers.get('link')?.match(/^<([^>]+)>; rel="next"$/)
  return { items: await response.json(), next: link ? link[1] : null }
}

/** The path of the first page of the listing for `query`, `size` postmortems a page. */
export const firstPage = (query = '', size = 50, status = '') =>
  `/api/postmortems?limit=${size}` + (query.trim() ? '&q=' + encodeURIComponent(query.trim()) : '') +
  (status ? '&status=' + encodeURIComponent(status) : '')

export const getPostmortem = (id, token) =>
  call('/api/postmortems/' + encodeURIComponent(id), { headers: authHeaders(token) })

/**
 * Blame findings for a draft (e.g. a comment): [{rule, start, end, text, message, suggestion, replacement}].
 * The server lists at most a few hundred (`truncated` says when there were more); a draft never
 * comes near that, so the list is all the caller needs.
 */
export const lintText = async (text, token) => {
  const { findings } = await call('/api/lint', {
    method: 'POST',
    headers: { ...authHeaders(token), 'content-type': 'application/json' },
    body: JSON.stringify({ text })
  })
  return findings
}

export const createPostmortem = (title = '') =>
  call('/api/postmortems', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(title ? { title } : {})
  })

export const importMarkdown = (markdown) =>
  call('/api/postmortems', {
    method: 'POST',
    headers: { 'content-type': 'text/markdown; charset=utf-8' },
    body: markdown
  })

/** Dismisses blame annotation `annotation` of postmortem `id`, with who and (optionally) why. */
export const dismissAnnotation = (id, annotation, { by, reason }, token) =>
  call(`/api/postmortems/${encodeURIComponent(id)}/annotations/${encodeURIComponent(annotation)}/dismiss`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(token) },
    body: JSON.stringify({ by, reason })
  })

/** Action items across postmortems; `filters` may hold status, owner, postmortem, overdue. */
export const listActionItems = (filters = {}) => {
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v))
  return call('/api/action-items' + (query.size ? '?' + query : ''))
}

/** The review of postmortem `id` and the steps this caller (`name`, when the server cannot name it) may take. */
export const getReview = (id, name, token) =>
  call(`/api/postmortems/${encodeURIComponent(id)}/review` + (name ? '?name=' + encodeURIComponent(name) : ''), { headers: authHeaders(token) })

/** Takes a review step: `{step, note?, name?}`. */
export const takeReviewStep = (id, request, token) =>
  call(`/api/postmortems/${encodeURIComponent(id)}/review`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(token) },
    body: JSON.stringify(request)
  })

const versionsOf = (id) => `/api/postmortems/${encodeURIComponent(id)}/versions`

/** The versions of postmortem `id`, oldest first. */
export const listVersions = (id, token) => call(versionsOf(id), { headers: authHeaders(token) })

/** Saves the postmortem as it stands: `{name, by?}`. */
export const saveVersion = (id, request, token) =>
  call(versionsOf(id), { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders(token) }, body: JSON.stringify(request) })

/** Version `n` (a number or `published`): title, metadata, Markdown, rendered blocks, threads. */
export const readVersion = (id, n, token) => call(`${versionsOf(id)}/${encodeURIComponent(n)}`, { headers: authHeaders(token) })

/** The changes from version `n` to `to` (a number or `current`), block by block. */
export const diffVersion = (id, n, to, token) =>
  call(`${versionsOf(id)}/${encodeURIComponent(n)}/diff?to=${encodeURIComponent(to)}`, { headers: authHeaders(token) })

/** Restores version `n` as a new change on top of the document. */
export const restoreVersion = (id, n, token) =>
  call(`${versionsOf(id)}/${encodeURIComponent(n)}/restore`, { method: 'POST', headers: authHeaders(token) })

/** Assigns postmortem `id`'s reviewers (names or e-mails) and the approvals it needs. */
export const assignReviewers = (id, { reviewers, requiredApprovals, name }, token) =>
  call(`/api/postmortems/${encodeURIComponent(id)}/review/reviewers`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...authHeaders(token) },
    body: JSON.stringify({ reviewers, required_approvals: requiredApprovals, name })
  })

/** Server-sent events: `changed` whenever an action item the caller may list changed. */
export const actionItemEvents = () => new EventSource('/api/action-items/events')

/** Sets an action item's status (open, done, not_doing); the server edits the document too. */
export const setActionItemStatus = (item, status, token) =>
  call('/api/action-items/' + encodeURIComponent(item), {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...authHeaders(token) },
    body: JSON.stringify({ status })
  })

/** Makes a share link for postmortem `id`: `role`, `expiresIn` such as "7d"; resolves to `{id, url, …}`. */
export const createLink = (id, { role, expiresIn }, token) =>
  call(`/api/postmortems/${encodeURIComponent(id)}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(token) },
    body: JSON.stringify({ role, expires_in: expiresIn })
  })

/** The active share links of postmortem `id`: [{id, role, created, expires, created_by, last_used}]. */
export const listLinks = (id, token) =>
  call(`/api/postmortems/${encodeURIComponent(id)}/links`, { headers: authHeaders(token) })

/** Revokes share link `link` (its sockets close at once). */
export const revokeLink = (link, token) =>
  call('/api/links/' + encodeURIComponent(link), { method: 'DELETE', headers: authHeaders(token) })

/** A page of postmortem `id`'s audit trail, newest first: `{records, next}` (`before`: a `next`). */
export const getAudit = (id, { before, limit } = {}, token) => {
  const query = new URLSearchParams(Object.entries({ before, limit }).filter(([, v]) => v))
  return call(`/api/postmortems/${encodeURIComponent(id)}/audit` + (query.size ? '?' + query : ''), { headers: authHeaders(token) })
}
