// The postmortems API (see server/src/http/postmortems.rs).

import { authHeaders } from './access.js'

async function call (path, options = {}) {
  const response = await fetch(path, options)
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text()
  if (!response.ok) {
    const message = body?.error?.message || `${response.status} ${response.statusText}`
    const error = new Error(message)
    error.status = response.status
    throw error
  }
  return body
}

export const listPostmortems = (query = '') =>
  call('/api/postmortems' + (query.trim() ? '?q=' + encodeURIComponent(query.trim()) : ''))

export const getPostmortem = (id, token) =>
  call('/api/postmortems/' + encodeURIComponent(id), { headers: authHeaders(token) })

/** Blame findings for a draft (e.g. a comment): [{rule, start, end, text, message, suggestion, replacement}]. */
export const lintText = (text, token) =>
  call('/api/lint', {
    method: 'POST',
    headers: { ...authHeaders(token), 'content-type': 'application/json' },
    body: JSON.stringify({ text })
  })

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
