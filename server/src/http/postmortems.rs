//! The postmortems API: create one (from the template, or from a Markdown file), list and search
//! them, read one's metadata, export one as Markdown.
//!
//! - `POST /api/postmortems`: JSON `{"title": "..."}` (or no body) creates one from the template;
//!   a `text/markdown` body builds it from that Markdown. Answers 201 with the summary and a
//!   `Location` for the editor page.
//! - `GET /api/postmortems[?q=words]`: summaries, newest first; `q` keeps those whose title, id,
//!   status, severity or text contain every word.
//! - `GET /api/postmortems/{id}`: one summary.
//! - `GET /api/postmortems/{id}/export.md`: the postmortem as Markdown.
//!
//! A new postmortem is one Yjs update applied through the room, so it is durable before the answer
//! and reaches anyone already connected. Reads go straight to the store, which holds everything
//! applied, without loading rooms. In auth mode only the server key creates; a share link reads
//! (lists, exports) its own postmortem.

use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use yrs::Doc;

use super::{ApiError, AppState};
use crate::auth::Caller;
use crate::clock::{now_rfc3339, rfc3339};
use crate::doc_name::{DocName, RoomKind};
use crate::postmortem::{self, ImportError, Postmortem};
use crate::store::{Store, StoreError};

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

/// What the API tells about a postmortem.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    id: String,
    title: String,
    status: String,
    severity: Option<String>,
    incident_date: Option<String>,
    created_at: String,
    /// Last change, RFC 3339.
    updated_at: String,
    /// The editor page.
    url: String,
    export_url: String,
    /// The rooms of this postmortem's family.
    rooms: Rooms,
}

#[derive(Debug, Serialize)]
struct Rooms {
    body: String,
    comments: String,
    insights: String,
}

impl Summary {
    fn new(id: &str, postmortem: &Postmortem, updated: SystemTime) -> Summary {
        let meta = &postmortem.meta;
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Summary {
            id: id.to_owned(),
            title: meta.title.clone(),
            status: meta.status.clone(),
            severity: optional(&meta.severity),
            incident_date: optional(&meta.incident_date),
            created_at: meta.created_at.clone(),
            updated_at: rfc3339(OffsetDateTime::from(updated)),
            url: format!("/p/{id}"),
            export_url: format!("/api/postmortems/{id}/export.md"),
            rooms: Rooms {
                body: id.to_owned(),
                comments: format!("{id}.comments"),
                insights: format!("{id}.insights"),
            },
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateJson {
    #[serde(default)]
    title: Option<String>,
}

/// `POST /api/postmortems` (server key only, in auth mode)
pub async fn create(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<impl IntoResponse, ApiError> {
    caller.require_admin()?;
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
    state.rooms.apply_update(&name, update.into()).await?;
    tracing::info!(postmortem = %name, title = %postmortem.meta.title, "postmortem created");
    let summary = Summary::new(name.as_str(), &postmortem, SystemTime::now());
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, summary.url.clone())],
        Json(summary),
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

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: Option<String>,
}

/// `GET /api/postmortems`: those the caller may read.
pub async fn list(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<ListQuery>,
) -> Result<Json<Vec<Summary>>, ApiError> {
    let store = state.store.clone();
    let words = search_words(query.q.as_deref().unwrap_or_default())?;
    let found = blocking(move || {
        let mut found = Vec::new();
        for info in store.list()? {
            let Ok(name) = DocName::parse(&info.name) else {
                continue;
            };
            if !is_postmortem_id(&name) || caller.can_read(name.as_str()).is_err() {
                continue;
            }
            let postmortem = load(store.as_ref(), &name)?;
            if postmortem.exists() && matches(&name, &postmortem, &words) {
                found.push(Summary::new(name.as_str(), &postmortem, info.updated));
            }
        }
        Ok(found)
    })
    .await?;
    let mut found = found;
    found.sort_by(|a, b| {
        let created = |s: &Summary| OffsetDateTime::parse(&s.created_at, &Rfc3339).ok();
        created(b).cmp(&created(a)).then_with(|| a.id.cmp(&b.id))
    });
    Ok(Json(found))
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

/// Whether every search word occurs in the postmortem's title, id, status, severity or text.
fn matches(name: &DocName, postmortem: &Postmortem, words: &[String]) -> bool {
    if words.is_empty() {
        return true;
    }
    let meta = &postmortem.meta;
    let haystack = format!(
        "{}\n{}\n{}\n{}\n{}",
        meta.title,
        name,
        meta.status,
        meta.severity,
        crate::blocks::plain_text(&postmortem.body)
    )
    .to_lowercase();
    words.iter().all(|word| haystack.contains(word.as_str()))
}

/// `GET /api/postmortems/{id}`
pub async fn get(
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    caller: Caller,
) -> Result<Json<Summary>, ApiError> {
    let (name, postmortem, updated) = find(&state, &caller, &id).await?;
    Ok(Json(Summary::new(name.as_str(), &postmortem, updated)))
}

/// `GET /api/postmortems/{id}/export.md`
pub async fn export(
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    let (name, postmortem, _) = find(&state, &caller, &id).await?;
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

/// The postmortem `id` and when it last changed, if the caller may read it; 404 when there is
/// none.
async fn find(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<(DocName, Postmortem, SystemTime), ApiError> {
    let name = DocName::parse(id)?;
    caller.can_read(name.as_str())?;
    let not_found = || ApiError::not_found(format!("no postmortem with id {id:?}"));
    if !is_postmortem_id(&name) {
        return Err(not_found());
    }
    let store = state.store.clone();
    let probe = name.clone();
    let (postmortem, updated) = blocking(move || {
        let updated = store
            .list()?
            .into_iter()
            .find(|info| info.name == probe.as_str())
            .map(|info| info.updated);
        Ok((load(store.as_ref(), &probe)?, updated))
    })
    .await?;
    match updated {
        Some(updated) if postmortem.exists() => Ok((name, postmortem, updated)),
        _ => Err(not_found()),
    }
}

/// A postmortem's id names its body room and has no dot (the dot separates room suffixes).
fn is_postmortem_id(name: &DocName) -> bool {
    name.room_kind() == RoomKind::Body && !name.as_str().contains('.')
}

/// Reads a document from the store.
fn load(store: &dyn Store, name: &DocName) -> Result<Postmortem, StoreError> {
    let doc = Doc::new();
    store.load(name)?.apply_to(&doc)?;
    Ok(Postmortem::read(&doc))
}

/// Runs blocking store work off the async threads.
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    Ok(tokio::task::spawn_blocking(work).await.map_err(|e| {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
    })??)
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
