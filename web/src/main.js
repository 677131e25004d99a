// Debrief's web client: the home page lists postmortems; /p/{id} edits one with others, live;
// /p/{id}/published shows its published version; /action-items lists the follow-ups of all of
// them.

import './style.css'
import { route, start } from './router.js'
import { renderHome } from './home.js'
import { renderEditor } from './editor.js'
import { renderActionItems } from './action-items-page.js'
import { renderPublished } from './published.js'
import { h } from './dom.js'
import { accountBar } from './account.js'

route((path) => (path === '/' ? {} : null), renderHome)
route((path) => (path.replace(/\/$/, '') === '/action-items' ? {} : null), renderActionItems)
route((path) => {
  const match = /^\/p\/([A-Za-z0-9_-]{1,128})\/?$/.exec(path)
  return match ? { id: match[1] } : null
}, renderEditor)
route((path) => {
  const match = /^\/p\/([A-Za-z0-9_-]{1,128})\/published\/?$/.exec(path)
  return match ? { id: match[1] } : null
}, renderPublished)
route(() => ({}), (root) => {
  document.title = 'Not found · Debrief'
  root.append(h('main', { class: 'message' },
    h('h1', { text: 'Page not found' }),
    h('a', { href: '/', 'data-nav': true, class: 'button', text: 'All postmortems' })))
})

document.body.prepend(accountBar())
start(document.getElementById('app'))
