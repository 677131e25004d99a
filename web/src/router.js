// Client-side routes: `/` lists postmortems, `/p/{id}` edits one. The server answers every
// other path with index.html, so links and reloads land here.

const routes = []
let root = null
let leave = null

/** Registers a page: `match(pathname)` returns params or null; `render(root, params)` returns a cleanup. */
export function route (match, render) {
  routes.push({ match, render })
}

export function start (element) {
  root = element
  window.addEventListener('popstate', show)
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-nav]')
    if (!link || event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(link.getAttribute('href'))
  })
  show()
}

export function navigate (path) {
  if (path !== location.pathname + location.search) history.pushState(null, '', path)
  show()
}

function show () {
  if (leave) leave()
  leave = null
  root.replaceChildren()
  window.scrollTo(0, 0)
  for (const { match, render } of routes) {
    const params = match(location.pathname)
    if (params) {
      leave = render(root, params) || null
      return
    }
  }
}
