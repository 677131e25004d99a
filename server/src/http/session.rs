//! `GET /api/session`: who the caller is, in the server's own words. The browser shows the
//! controls of this role instead of reading a share-link token itself: only the server knows
//! whether a token is genuine, unrevoked and unexpired, and what it grants.
//!
//! Answers, by how the server runs and what the request carries (a token as for every other
//! route: `Authorization: Bearer …` or `?token=`):
//! - open mode: `{"mode": "open", "role": "editor"}`;
//! - the server key: `{"mode": "key", "role": "admin"}`;
//! - a share link: `{"mode": "links", "role", "postmortem", "expires_at"}` (RFC 3339);
//! - a signed-in member: `{"mode": "member", "role": "editor"|"admin", "name", "email",
//!   "initials", "admin", "expires_at", "csrfToken"}`, where `csrfToken` is what the browser
//!   sends as `X-CSRF-Token` on every request that changes something (see [`super::auth`]);
//! - with a server key, no credential or a forged, expired or revoked token: 401, as on every
//!   route; when sign-in is configured its error also holds `"login": "/auth/login"`, where the
//!   browser goes to sign in.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use time::OffsetDateTime;

use super::{ApiError, AppState};
use crate::auth::sessions::csrf_token;
use crate::auth::{Caller, Role};
use crate::clock::rfc3339;

/// The caller's session, tagged by `mode`.
#[derive(Serialize)]
#[serde(tag = "mode", rename_all = "lowercase")]
pub enum Session {
    /// No server key: everyone edits everything.
    Open { role: Role },
    /// The server key: administers everything.
    Key { role: &'static str },
    /// A share link: one role on one postmortem, until it expires.
    Links {
        role: Role,
        postmortem: String,
        expires_at: String,
    },
    /// Signed in with the identity provider: edits everything, administers when `admin`.
    Member {
        role: &'static str,
        name: String,
        email: String,
        initials: String,
        admin: bool,
        expires_at: String,
        #[serde(rename = "csrfToken")]
        csrf_token: String,
    },
}

/// `GET /api/session`
pub async fn get(
    caller: Result<Caller, ApiError>,
    State(state): State<Arc<AppState>>,
    cookie_session: Option<Extension<tower_sessions::Session>>,
) -> Response {
    let caller = match caller {
        Ok(caller) => caller,
        Err(e) if e.status == StatusCode::UNAUTHORIZED && state.sso.is_some() => {
            let body = serde_json::json!({
                "error": { "code": e.code, "message": e.message },
                "login": "/auth/login",
            });
            return (e.status, Json(body)).into_response();
        }
        Err(e) => return e.into_response(),
    };
    // Only a member's session is cookie-authenticated and so needs a CSRF token.
    let csrf_token = match (&caller, cookie_session) {
        (Caller::Member { .. }, Some(Extension(session))) => match csrf_token(&session).await {
            Ok(token) => token,
            Err(e) => return super::sso::session_error(e).into_response(),
        },
        _ => String::new(),
    };
    Json(match caller {
        Caller::Open => Session::Open { role: Role::Editor },
        Caller::Admin => Session::Key { role: "admin" },
        Caller::Link {
            postmortem,
            role,
            expires,
            ..
        } => Session::Links {
            role,
            postmortem,
            expires_at: rfc3339(expiry(expires)),
        },
        Caller::Member {
            email,
            name,
            admin,
            expires,
            ..
        } => Session::Member {
            role: if admin { "admin" } else { "editor" },
            initials: initials(&name),
            name,
            email,
            admin,
            expires_at: rfc3339(expiry(expires)),
            csrf_token,
        },
    })
    .into_response()
}

/// Up to two initials of a name, upper-case ("Ada Lovelace" → "AL").
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// A link's expiry (seconds since the Unix epoch) as a date; beyond what dates can hold, the
/// latest one.
fn expiry(seconds: u64) -> OffsetDateTime {
    i64::try_from(seconds)
        .ok()
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
        .unwrap_or(time::macros::datetime!(9999-12-31 23:59:59 UTC))
}
