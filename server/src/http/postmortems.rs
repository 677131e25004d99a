//! The postmortems API: create one (from the template, or from a Markdown file), list and search
//! them, read one's metadata, export one as Markdown.
//!
//! - `POST /api/postmortems`: JSON `{"title": "..."}` (or no body) creates one from the template;
//!   a `text/markdown` body builds it from that Markdown. Answers 201 with the summary and a
//!   `Location` for the editor page.
//! - `GET /api/postmortems[?q=words][&status=S][&limit=N[&after=CURSOR]]`: summaries, newest
//!   first; `q` keeps those whose title, id, status, severity or text contain every word,
//!   `status` those at that review stage. With `limit` (1 to
//!   500) the answer is one page, and a `Link: <…>; rel="next"` header gives the next page's URL
//!   while there are more (the home page reads it); without, every postmortem.
//! - `GET /api/postmortems/{id}`: one summary.
//! - `GET /api/postmortems/{id}/export.md[?version=N|published]`: the postmortem as Markdown, as
//!   it stands or as a version holds it.
//!
//! A new postmortem is one Yjs update applied through the room, so it is durable before the answer
//! and reaches anyone already connected; its summary is indexed before the answer too. Listing,
//! searching and reading one's metadata read only the [summary index](crate::summaries), never a
//! document; an export reads the document from the store, without loading its room. In auth mode only the server key creates; a share link reads
//! (lists, exports) its own postmortem.

use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::Deserialize;
use yrs::Doc;

use super::review::owner_id;
use super::versions;
use super::{blocking, ApiError, AppState};
use crate::auth::Caller;
use crate::clock::now_rfc3339;
use crate::doc_name::DocName;
use crate::lifecycle::Stage;
use crate::postmortem::{self, ImportError, Postmortem};
use crate::store::{Store, StoreError};
use crate::summaries::{is_postmortem_id, Position, Wanted};

/// Largest accepted request body: a Markdown file or JSON.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Longest accepted search (`q`), in characters.
const MAX_QUERY_CHARS: usize = 200;
/// Most words a search may hold (each one is looked for in every postmortem).
const MAX_QUERY_WORDS: usize = 16;
/// Longest accepted title, in characters.
const MAX_TITLE_CHARS: usize = 300;
/// Longest slug taken from a title into an id.
const MAX_SLUG: usize = 48;

/// A JSON answer already rendered: the summary index keeps summaries as the API tells them
/// ([`summaries`](crate::summaries)).
fn json(bytes: impl Into<Bytes>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], bytes.into())
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateJson {
    #[serde(default)]
    title: Option<String>,
}

/// `POST /api/postmortems` (server key or a signed-in member, in auth mode)
pub async fn create(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<impl IntoResponse, ApiError> {
    caller.can_create()?;
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large("the body", MAX_BODY_BYTES),
        status => ApiError::new(status, "bad_body", e.body_text()),
    })?;
    // Parsing Markdown and building its Yjs update is CPU-bound: it runs under the work limits
    // (one job per core, the deadline). The import itself has no cancellation points yet, so a
    // started import runs to its end; the body limit bounds it.
    let (postmortem, update) = state
        .work
        .run(move |_| {
            Ok(parse_request(&headers, &body).map(|p| {
                let p = p.created(&now_rfc3339());
                let update = p.to_update();
                (p, update)
            }))
        })
        .await??;
    let name = fresh_id(&state, &postmortem.meta.title).await?;
    // The review record first: the document's status is the stage it starts at.
    let stage = Stage::parse(&postmortem.meta.status).unwrap_or_default();
    let (reviews, id, owner) = (state.reviews.clone(), name.to_string(), owner_id(&caller));
    blocking(move || reviews.start(&id, &owner, stage)).await?;
    state.rooms.apply_update(&name, update.into()).await?;
    tracing::info!(postmortem = %name, title = %postmortem.meta.title, "postmortem created");
    let summary = index(&state, &name, postmortem).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/p/{name}"))],
        json(summary),
    ))
}

/// The postmortem a creation request asks for.
fn parse_request(headers: &HeaderMap, body: &[u8]) -> Result<Postmortem, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match content_type.as_str() {
        "text/markdown" | "text/x-markdown" => {
            let text = std::str::from_utf8(body).map_err(|e| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_utf8",
                    format!("the Markdown is not UTF-8: {e}"),
                )
            })?;
            let postmortem = postmortem::import(text).map_err(import_error)?;
            check_title(&postmortem.meta.title)?;
            Ok(postmortem)
        }
        "application/json" | "" => {
            let request: CreateJson = if body.iter().all(u8::is_ascii_whitespace) {
                CreateJson::default()
            } else {
                serde_json::from_slice(body).map_err(|e| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "invalid_json",
                        format!("expected {{\"title\": \"...\"}}: {e}"),
                    )
                })?
            };
            let title = request.title.unwrap_or_default();
            check_title(&title)?;
            Ok(Postmortem::from_template(&title))
        }
        other => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("send application/json or text/markdown, not {other:?}"),
        )),
    }
}

fn check_title(title: &str) -> Result<(), ApiError> {
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "title_too_long",
            format!("a title has at most {MAX_TITLE_CHARS} characters"),
        ));
    }
    Ok(())
}

fn import_error(e: ImportError) -> ApiError {
    let code = match e {
        ImportError::Empty => "empty_markdown",
        ImportError::TooDeep => "markdown_too_deep",
        ImportError::FrontMatter(_) => "invalid_front_matter",
    };
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, e.to_string())
}

/// A new, unused id: a slug of the title and a random suffix, e.g. `checkout-outage-k3x9q2`.
async fn fresh_id(state: &AppState, title: &str) -> Result<DocName, ApiError> {
    let slug = slug(title);
    for _ in 0..8 {
        let name = DocName::parse(&format!("{slug}-{}", random_suffix()))?;
        let store = state.store.clone();
        let probe = name.clone();
        let taken = blocking(move || store.contains(&probe)).await?;
        if !taken && !state.rooms.is_loaded(&name) {
            return Ok(name);
        }
    }
    Err(ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "no_free_id",
        "could not find an unused id",
    ))
}

/// Lower-case ASCII letters and digits of `title`, words joined by `-`; `postmortem` if none.
fn slug(title: &str) -> String {
    let mut slug = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() + 1 > MAX_SLUG {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.is_empty() {
        "postmortem".to_owned()
    } else {
        slug
    }
}

/// Six random characters from an alphabet without look-alikes (no `l`, `o`, `0`, `1`).
fn random_suffix() -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
    uuid::Uuid::new_v4().as_bytes()[..6]
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b % 32)]))
        .collect()
}

/// Most summaries one page of the listing holds.
const MAX_PAGE: usize = 500;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: Option<String>,
    /// Keeps the postmortems at this review stage.
    #[serde(default)]
    status: Option<String>,
    /// Asks for one page of this many summaries.
    #[serde(default)]
    limit: Option<usize>,
    /// Where the page starts: the cursor of the previous page's `next` link.
    #[serde(default)]
    after: Option<String>,
}

/// `GET /api/postmortems`: those the caller may read, from the summary index.
pub async fn list(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<ListQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let summaries = state.summaries.clone();
    let q = query.q.unwrap_or_default();
    let words = search_words(&q)?;
    let page = page_of(query.limit, query.after.as_deref())?;
    let status = match query.status.as_deref().map(Stage::parse) {
        None => None,
        Some(Some(stage)) => Some(stage.as_str()),
        Some(None) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "bad_query",
                "status is one of draft, review, approved, published",
            ))
        }
    };
    let (found, next) = blocking(move || {
        let readable = |id: &str| caller.can_read(id).is_ok();
        let wanted = Wanted {
            words: &words,
            status,
            readable: match caller.require_admin() {
                Ok(()) => None,
                Err(_) => Some(&readable),
            },
        };
        Ok::<_, StoreError>(match page {
            None => (summaries.list_json(&wanted)?, None),
            Some((limit, after)) => {
                let page = summaries.page_json(&wanted, limit, after)?;
                let next = page.next.map(|next| {
                    let mut query = vec![("limit", limit.to_string()), ("after", next.cursor())];
                    if !words.is_empty() {
                        query.push(("q", q));
                    }
                    if let Some(status) = status {
                        query.push(("status", status.to_owned()));
                    }
                    let query = serde_urlencoded::to_string(&query).expect("strings encode");
                    format!("</api/postmortems?{query}>; rel=\"next\"")
                });
                (Bytes::from(page.json), next)
            }
        })
    })
    .await?;
    let link = next.map(|link| [(header::LINK, link)]);
    Ok((link, json(found)))
}

/// The page a listing asks for (`limit`, and where it starts), or `None` for the whole listing;
/// 422 for a limit out of bounds or a cursor this server did not make.
fn page_of(
    limit: Option<usize>,
    after: Option<&str>,
) -> Result<Option<(usize, Option<Position>)>, ApiError> {
    let bad =
        |message: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_page", message);
    let Some(limit) = limit else {
        return match after {
            None => Ok(None),
            Some(_) => Err(bad("`after` needs a `limit`".into())),
        };
    };
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(bad(format!("`limit` is from 1 to {MAX_PAGE}")));
    }
    let after = after
        .map(|cursor| {
            Position::from_cursor(cursor)
                .ok_or_else(|| bad("`after` is not a cursor from a `next` link".into()))
        })
        .transpose()?;
    Ok(Some((limit, after)))
}

/// Indexes the summary of the postmortem `name` just created from `postmortem`; returns it as
/// the API tells it.
async fn index(
    state: &AppState,
    name: &DocName,
    postmortem: Postmortem,
) -> Result<Vec<u8>, ApiError> {
    let summaries = state.summaries.clone();
    let name = name.clone();
    blocking(move || {
        let as_of = summaries.stamp(&name)?.unwrap_or_else(SystemTime::now);
        summaries.record(&name, &postmortem, as_of)?;
        summaries
            .get_json(&name)?
            .ok_or_else(|| StoreError::Corrupt(format!("{name}: created but not indexed")))
    })
    .await
}

/// The lower-cased words of a search, within the limits above (422 beyond them).
fn search_words(q: &str) -> Result<Vec<String>, ApiError> {
    let too_long = || {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "query_too_long",
            format!(
                "a search has at most {MAX_QUERY_CHARS} characters and {MAX_QUERY_WORDS} words"
            ),
        )
    };
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(too_long());
    }
    let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
    if words.len() > MAX_QUERY_WORDS {
        return Err(too_long());
    }
    Ok(words)
}

/// `GET /api/postmortems/{id}`
pub async fn get(
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    let name = readable_postmortem(&caller, &id)?;
    let summaries = state.summaries.clone();
    let summary = blocking(move || summaries.get_json(&name)).await?;
    Ok(json(summary.ok_or_else(|| not_found(&id))?))
}

#[derive(Deserialize)]
pub struct ExportQuery {
    version: Option<String>,
}

/// `GET /api/postmortems/{id}/export.md[?version=N|published]`
pub async fn export(
    Path(id): Path<String>,
    Query(query): Query<ExportQuery>,
    State(state): State<Arc<AppState>>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    let name = readable_postmortem(&caller, &id)?;
    let postmortem = match &query.version {
        Some(version) => versions::postmortem_at(&state, &id, version).await?,
        None => {
            let store = state.store.clone();
            let probe = name.clone();
            blocking(move || load(store.as_ref(), &probe)).await?
        }
    };
    if !postmortem.exists() {
        return Err(not_found(&id));
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/markdown; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.md\""),
            ),
        ],
        postmortem::export(&postmortem),
    ))
}

/// The name of the postmortem `id`, if the caller may read it; 404 when it cannot name one.
fn readable_postmortem(caller: &Caller, id: &str) -> Result<DocName, ApiError> {
    let name = DocName::parse(id)?;
    caller.can_read(name.as_str())?;
    if !is_postmortem_id(&name) {
        return Err(not_found(id));
    }
    Ok(name)
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("no postmortem with id {id:?}"))
}

/// Reads a document from the store.
fn load(store: &dyn Store, name: &DocName) -> Result<Postmortem, StoreError> {
    let doc = Doc::new();
    store.load(name)?.apply_to(&doc)?;
    Ok(Postmortem::read(&doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_safe_words() {
        assert_eq!(
            slug("Checkout outage: 23 min (EU)"),
            "checkout-outage-23-min-eu"
        );
        assert_eq!(slug("  ¿Qué?  "), "qu");
        assert_eq!(slug("日本"), "postmortem");
        assert!(slug(&"word ".repeat(40)).len() <= MAX_SLUG);
        let id = format!("{}-{}", slug("x"), random_suffix());
        assert!(DocName::parse(&id).is_ok() && !id.contains('.'));
    }
}
