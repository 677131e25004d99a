//! Sign-in routes, present when OpenID Connect is configured (the flow itself is
//! [`crate::auth::oidc`], the session records [`crate::auth::sessions`]):
//!
//! - `GET /auth/login?next=/path`: to the provider (`next`, a local path, is where the browser
//!   returns to);
//! - `GET /auth/callback`: back from the provider; a forged, replayed or unknown state gets 400,
//!   an e-mail domain that is not allowed 403, each as a short page saying so;
//! - `POST /auth/logout`: ends the session server-side and closes its sockets (4401).
//!
//! The session cookie is `HttpOnly`, `SameSite=Lax`, `Secure` under an https public URL, and
//! encrypted with a key derived from the server key. Requests that change something and are
//! authenticated by that cookie must come from the public URL's origin ([`Sso::check_origin`])
//! and, for the API, carry the session's CSRF token (see [`super::auth`]).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use super::{ApiError, AppState};
use crate::auth::oidc::{Oidc, OidcError, Pending};
use crate::auth::sessions::{cookie_key, new_csrf_token, Member, SessionTable, MEMBER};
use crate::auth::{now_secs, AuthError, Caller};

/// Where a sign-in under way is kept in the browser's session.
const PENDING: &str = "oidc_pending";
/// How long a browser has to come back from the provider.
const LOGIN_WINDOW: Duration = Duration::from_secs(10 * 60);

/// Sign-in with the identity provider.
pub struct Sso {
    pub oidc: Oidc,
    /// How long a sign-in lasts.
    pub ttl: Duration,
    /// The public URL's origin (`scheme://host[:port]`).
    pub origin: String,
}

impl Sso {
    /// The session layer: records in `sessions`, cookies keyed by the server key.
    pub fn layer(
        &self,
        sessions: SessionTable,
        server_key: &str,
    ) -> SessionManagerLayer<SessionTable, tower_sessions::service::PrivateCookie> {
        SessionManagerLayer::new(sessions)
            .with_name("debrief_session")
            .with_http_only(true)
            .with_same_site(tower_sessions::cookie::SameSite::Lax)
            .with_secure(self.origin.starts_with("https:"))
            .with_expiry(Expiry::OnInactivity(to_time(LOGIN_WINDOW)))
            .with_private(cookie_key(server_key))
    }

    /// A request authenticated by the session cookie that changes something must carry the
    /// public URL's `Origin` (browsers send it on every such cross-origin or same-origin request).
    pub fn check_origin(&self, headers: &HeaderMap) -> Result<(), AuthError> {
        match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
            Some(origin) if origin == self.origin => Ok(()),
            _ => Err(AuthError::CrossOrigin),
        }
    }
}

/// The member a request's session holds, as a caller; `None` without a signed-in session or once
/// it has ended.
pub async fn member(session: &Session) -> Option<Caller> {
    let member = session.get::<Member>(MEMBER).await.ok().flatten()?;
    if member.until <= now_secs() {
        return None;
    }
    let id = session.id()?;
    Some(Caller::Member {
        email: member.email,
        name: member.name,
        admin: member.admin,
        session: live_key(&id.to_string()),
        expires: member.until,
    })
}

/// The key a session's sockets are registered under (beside share links' ids).
fn live_key(id: &str) -> String {
    format!("session:{id}")
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// `GET /auth/login`
pub async fn login(
    State(state): State<Arc<AppState>>,
    session: Session,
    Query(query): Query<LoginQuery>,
) -> Result<Response, ApiError> {
    let sso = state.sso.as_ref().ok_or_else(no_sso)?;
    let next = local_path(query.next);
    // Already signed in: nothing to do (and the session keeps its end).
    if member(&session).await.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let (url, pending) = sso.oidc.begin(next);
    session
        .insert(PENDING, pending)
        .await
        .map_err(session_error)?;
    Ok(Redirect::to(&url).into_response())
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// `GET /auth/callback`
pub async fn callback(
    State(state): State<Arc<AppState>>,
    session: Session,
    Query(query): Query<CallbackQuery>,
) -> Result<Response, ApiError> {
    let sso = state.sso.as_ref().ok_or_else(no_sso)?;
    // Taken out whatever happens next: a state is good for one try.
    let pending: Option<Pending> = session.remove(PENDING).await.map_err(session_error)?;
    let result = match (query.error, query.code) {
        (Some(error), _) => Err(OidcError::Provider(
            query.error_description.unwrap_or(error),
        )),
        (None, Some(code)) => {
            let returned = query.state.unwrap_or_default();
            let next = pending.as_ref().map(|p| p.next.clone());
            sso.oidc
                .finish(pending, &returned, code)
                .await
                .map(|m| (m, next))
        }
        (None, None) => Err(OidcError::State),
    };
    let (mut member, next) = match result {
        Ok(signed_in) => signed_in,
        Err(e) => {
            // The provider failing is the operator's to know; a user refused is routine.
            if e.status() >= 500 {
                tracing::warn!(error = %e, "sign-in failed");
            } else {
                tracing::info!(error = %e, "sign-in refused");
            }
            return Ok(page(
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
                &e.to_string(),
            ));
        }
    };
    tracing::info!(email = %member.email, admin = member.admin, "signed in");
    // A new id on sign-in: a session id planted before it is worth nothing after.
    session.cycle_id().await.map_err(session_error)?;
    new_csrf_token(&session).await.map_err(session_error)?;
    let until = time::OffsetDateTime::now_utc() + to_time(sso.ttl);
    member.until = u64::try_from(until.unix_timestamp()).unwrap_or(0);
    session.set_expiry(Some(Expiry::AtDateTime(until)));
    session
        .insert(MEMBER, member)
        .await
        .map_err(session_error)?;
    Ok(Redirect::to(&next.unwrap_or_else(|| "/".into())).into_response())
}

/// `POST /auth/logout`
pub async fn logout(
    State(state): State<Arc<AppState>>,
    session: Session,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let sso = state.sso.as_ref().ok_or_else(no_sso)?;
    sso.check_origin(&headers)?;
    let id = session.id();
    session.flush().await.map_err(session_error)?;
    if let (Some(id), Some(auth)) = (id, &state.auth) {
        auth.links
            .live()
            .close_all(&live_key(&id.to_string()), "signed out");
    }
    Ok(Redirect::to("/").into_response())
}

/// `next` when it is a path on this server, else `/` (no open redirect through sign-in).
fn local_path(next: Option<String>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p,
        _ => "/".into(),
    }
}

fn to_time(d: Duration) -> time::Duration {
    time::Duration::try_from(d).unwrap_or(time::Duration::MAX)
}

fn no_sso() -> ApiError {
    ApiError::not_found("sign-in is not configured on this server")
}

pub(super) fn session_error(e: tower_sessions::session::Error) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
}

/// A short page for the browser that came back from the provider.
fn page(status: StatusCode, message: &str) -> Response {
    let message = message
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let body = format!(
        "<!doctype html><meta charset=utf-8><title>Sign-in refused</title>\
         <h1>Sign-in refused</h1><p id=reason>{message}</p><p><a href=\"/auth/login\">Sign in again</a></p>"
    );
    (status, Html(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_only_a_local_path() {
        assert_eq!(local_path(Some("/p/pm1?x=1".into())), "/p/pm1?x=1");
        assert_eq!(local_path(Some("//evil.example".into())), "/");
        assert_eq!(local_path(Some("https://evil.example".into())), "/");
        assert_eq!(local_path(Some("/\\evil.example".into())), "/");
        assert_eq!(local_path(None), "/");
    }
}
