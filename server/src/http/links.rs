//! Share links: `POST /api/postmortems/{id}/links` makes one, `GET` lists the postmortem's
//! active ones (with who made each and when it was last used), `DELETE /api/links/{id}` revokes
//! one and closes its sockets with 4401. Each is recorded in the postmortem's audit trail.
//!
//! Who may: the server key, for any postmortem, any role and any expiry; an editor's share link,
//! for its own postmortem only, for at most [`MAX_SHARED_TTL`] (an editor may pass on any role,
//! since none is stronger than its own). Reviewers and viewers may not. Open mode has no links.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::blocking;
use super::{ApiError, AppState};
use crate::audit::Event;
use crate::auth::{Auth, Caller, Link, Role, MAX_SHARED_TTL};
use crate::doc_name::{DocName, RoomKind};

/// Links last 30 days unless asked otherwise.
const DEFAULT_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewLink {
    role: Role,
    /// Seconds, or a duration such as `"7d"` or `"12h"`.
    expires_in: Option<Ttl>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Ttl {
    Seconds(u64),
    Text(String),
}

#[derive(Serialize)]
pub struct CreatedLink {
    #[serde(flatten)]
    link: Link,
    token: String,
    url: String,
}

fn auth(state: &AppState) -> Result<Arc<Auth>, ApiError> {
    state.auth.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "auth_off",
            "share links need a server key: start debrief with --auth-key",
        )
    })
}

pub(super) fn postmortem_id(id: &str) -> Result<DocName, ApiError> {
    let name = DocName::parse(id)?;
    if name.room_kind() != RoomKind::Body {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_postmortem_id",
            "a postmortem id has no room suffix",
        ));
    }
    Ok(name)
}

/// `POST /api/postmortems/{id}/links`
pub async fn create(
    caller: Caller,
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Json<NewLink>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedLink>), ApiError> {
    let name = postmortem_id(&id)?;
    caller.can_edit(name.as_str())?;
    let auth = auth(&state)?;
    let Json(request) =
        body.map_err(|e| ApiError::new(e.status(), "bad_request", e.body_text()))?;
    let ttl = match request.expires_in {
        None => DEFAULT_TTL,
        Some(Ttl::Seconds(s)) => Duration::from_secs(s),
        Some(Ttl::Text(t)) => humantime::parse_duration(&t).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("expires_in: {e}"),
            )
        })?,
    };
    if ttl.is_zero() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "expires_in must be positive",
        ));
    }
    // Only administrators make links of any length.
    if caller.require_admin().is_err() && ttl > MAX_SHARED_TTL {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!(
                "only an administrator may make links lasting more than {} days",
                MAX_SHARED_TTL.as_secs() / 86_400
            ),
        ));
    }
    let postmortem = name.clone();
    let actor = caller.actor();
    let created_by = actor.clone();
    let (link, token) = blocking(move || {
        auth.links
            .create(postmortem.as_str(), request.role, ttl, created_by)
    })
    .await?;
    state.audit.record(
        name.as_str(),
        actor,
        Event::LinkShared {
            link: link.id.clone(),
            role: link.role,
        },
    );
    let base = match &state.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            format!("http://{host}")
        }
    };
    let url = format!("{base}/p/{}?token={token}", name.as_str());
    tracing::info!(postmortem = %name, role = ?link.role, link = %link.id, "share link created");
    Ok((StatusCode::CREATED, Json(CreatedLink { link, token, url })))
}

/// `GET /api/postmortems/{id}/links`
pub async fn list(
    caller: Caller,
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
) -> Result<Json<Vec<Link>>, ApiError> {
    let name = postmortem_id(&id)?;
    caller.can_edit(name.as_str())?;
    let auth = auth(&state)?;
    Ok(Json(
        blocking(move || auth.links.list(name.as_str())).await?,
    ))
}

/// `DELETE /api/links/{id}`
pub async fn revoke(
    caller: Caller,
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
) -> Result<StatusCode, ApiError> {
    let auth = auth(&state)?;
    let link = id.clone();
    let links = auth.clone();
    let Some(found) = blocking(move || links.links.get(&link)).await? else {
        return Err(ApiError::not_found(format!("no link {id}")));
    };
    caller.can_edit(&found.postmortem)?;
    let link = id.clone();
    // Revoked meanwhile by someone else: gone all the same.
    let Some(link) = blocking(move || auth.links.revoke(&link)).await? else {
        return Err(ApiError::not_found(format!("no link {id}")));
    };
    tracing::info!(link = %link.id, postmortem = %link.postmortem, "share link revoked");
    state.audit.record(
        &link.postmortem,
        caller.actor(),
        Event::LinkRevoked {
            link: link.id,
            role: link.role,
        },
    );
    Ok(StatusCode::NO_CONTENT)
}
