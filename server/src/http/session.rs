//! `GET /api/session`: who the caller is, in the server's own words. The browser shows the
//! controls of this role instead of reading a share-link token itself: only the server knows
//! whether a token is genuine, unrevoked and unexpired, and what it grants.
//!
//! Answers, by how the server runs and what the request carries (a token as for every other
//! route: `Authorization: Bearer …` or `?token=`):
//! - open mode: `{"mode": "open", "role": "editor"}`;
//! - the server key: `{"mode": "key", "role": "admin"}`;
//! - a share link: `{"mode": "links", "role", "postmortem", "expires_at"}` (RFC 3339);
//! - with a server key, no credential or a forged, expired or revoked token: 401, as on every
//!   route.

use axum::Json;
use serde::Serialize;
use time::OffsetDateTime;

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
}

/// `GET /api/session`
pub async fn get(caller: Caller) -> Json<Session> {
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
    })
}

/// A link's expiry (seconds since the Unix epoch) as a date; beyond what dates can hold, the
/// latest one.
fn expiry(seconds: u64) -> OffsetDateTime {
    i64::try_from(seconds)
        .ok()
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
        .unwrap_or(time::macros::datetime!(9999-12-31 23:59:59 UTC))
}
