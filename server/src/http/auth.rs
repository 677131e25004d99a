//! Request authentication: every handler that takes a [`Caller`] gets one only if the request
//! carries the server key or a valid share-link token (as `Authorization: Bearer …`, or as the
//! `token` query parameter, which is how y-websocket passes it). In open mode everyone is [`Caller::Open`].
//!
//! With sign-in configured, a request without a token may instead carry a signed-in session
//! cookie ([`sso`](super::sso)); one that changes something (any method but GET, HEAD, OPTIONS)
//! or opens a WebSocket must then come from the server's own origin, and one that changes
//! something must also carry the session's CSRF token in `X-CSRF-Token` (handed to the
//! browser's own pages by `GET /api/session`). Token requests are not cookie-authenticated and
//! need neither.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use serde::Deserialize;

use super::blocking;
use super::{ApiError, AppState};
use crate::auth::sessions::check_csrf_token;
use crate::auth::{AuthError, Caller};

/// The header in which a signed-in browser's pages send the session's CSRF token.
const CSRF_HEADER: &str = "x-csrf-token";

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let Some(auth) = state.auth.clone() else {
            return Ok(Caller::Open);
        };
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_owned);
        let query = Query::<TokenQuery>::try_from_uri(&parts.uri)
            .ok()
            .and_then(|q| q.0.token);
        let credential = bearer.or(query);
        if let (None, Some(sso), Some(session)) = (
            &credential,
            &state.sso,
            parts.extensions.get::<tower_sessions::Session>(),
        ) {
            if let Some(member) = super::sso::member(session).await {
                let upgrade = parts.headers.contains_key(header::UPGRADE);
                if !parts.method.is_safe() || upgrade {
                    sso.check_origin(&parts.headers)?;
                }
                // A WebSocket handshake cannot carry headers of the page's choosing: the Origin
                // check is its protection.
                if !parts.method.is_safe() {
                    let presented = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
                    check_csrf_token(session, presented).await?;
                }
                return Ok(member);
            }
        }
        // A share link is looked up in the store: on the blocking pool.
        blocking(move || auth.authenticate(credential.as_deref())).await
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::UNAUTHORIZED);
        let code = match status {
            StatusCode::FORBIDDEN => "forbidden",
            _ => "unauthorized",
        };
        ApiError::new(status, code, e.to_string())
    }
}
