//! HTTP routes: thin handlers over shared state.
//!
//! - `GET /ws/{doc}`: the Yjs WebSocket endpoint ([`ws`]);
//! - `/api/...`: JSON documents API ([`docs`]), share links ([`links`]), the caller's role
//!   ([`session`]) and each postmortem's audit trail ([`audit`]);
//! - `/api/postmortems...`: postmortems, Markdown import and export ([`postmortems`]);
//! - `/auth/...`: sign-in with OpenID Connect, when configured ([`sso`]);
//! - `/healthz`, `/readyz`, `/metrics`: operations ([`ops`]);
//! - everything else: the built web client, when there is one.

mod action_items;
mod audit;
mod auth;
mod docs;
mod error;
mod insights;
mod links;
mod lint;
mod ops;
mod postmortems;
mod review;
mod session;
pub mod sso;
mod versions;
mod webhooks;
mod ws;

use std::path::Path;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{any, delete, get, patch, post, put};
use axum::Router;
use tokio_util::sync::CancellationToken;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

pub use error::ApiError;

use crate::audit::Audit;
use crate::auth::Auth;
use crate::connection::Limits;
use crate::hooks::actions::Words;
use crate::hooks::checks::Checks;
use crate::lifecycle::versions::Versions;
use crate::lifecycle::Reviews;
use crate::metrics::Metrics;
use crate::room::Rooms;
use crate::store::Store;
use crate::summaries::Summaries;
use crate::tracker::Tracker;
use crate::webhooks::Webhooks;
use crate::work::Work;

/// Largest `PATCH /api/action-items/{id}` body: `{"status": "..."}` and little else.
const MAX_PATCH_BYTES: usize = 4 * 1024;
/// Largest annotation-dismissal body: who, and a short reason.
const MAX_DISMISS_BYTES: usize = 16 * 1024;

/// Everything a handler may need, shared behind one `Arc`.
pub struct AppState {
    pub rooms: Rooms,
    pub store: Arc<dyn Store>,
    pub metrics: Arc<Metrics>,
    pub limits: Limits,
    /// Largest accepted WebSocket message or update upload, in bytes.
    pub max_message_bytes: usize,
    /// `None` in open mode.
    pub auth: Option<Arc<Auth>>,
    /// Base URL for share links, when configured.
    pub public_url: Option<String>,
    pub tracker: Arc<Tracker>,
    /// The postmortems' summary index.
    pub summaries: Arc<Summaries>,
    /// The blame rules and privacy terms (`POST /api/lint` picks which checks run).
    pub checks: Checks,
    /// The action-item extractor's word lists.
    pub action_words: Arc<Words>,
    /// Each postmortem's review record.
    pub reviews: Arc<Reviews>,
    /// Each postmortem's saved versions.
    pub versions: Arc<Versions>,
    /// Largest accepted `POST /api/lint` body, in bytes.
    pub lint_max_bytes: usize,
    /// Runs CPU-bound request work (lint, Markdown import) bounded and cancellable.
    pub work: Work,
    /// Every postmortem's audit trail.
    pub audit: Arc<Audit>,
    /// Cancelled when the server begins to stop: long-lived responses (event streams) end then.
    pub stopping: CancellationToken,
    /// Registered webhook endpoints and their delivery queue.
    pub webhooks: Arc<Webhooks>,
    /// Sign-in with OpenID Connect, when configured (then there is a server key too).
    pub sso: Option<Arc<sso::Sso>>,
}

/// The application's router. `web_dir` holds the built web client, served at `/`.
pub fn router(state: Arc<AppState>, web_dir: &Path) -> Router {
    let max_body = state.max_message_bytes;
    let max_lint = state.lint_max_bytes;
    let api = Router::new()
        .route("/api/docs", get(docs::list))
        .route(
            "/api/docs/{doc}/update",
            get(docs::get_update).post(docs::post_update),
        )
        .route(
            "/api/postmortems/{id}/links",
            get(links::list).post(links::create),
        )
        .route("/api/links/{id}", delete(links::revoke))
        .route("/api/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/api/webhooks/{id}", delete(webhooks::remove))
        .route("/api/webhooks/{id}/deliveries", get(webhooks::deliveries))
        .route("/api/postmortems/{id}/audit", get(audit::list))
        .route(
            "/api/lint",
            post(lint::lint).layer(DefaultBodyLimit::max(max_lint)),
        )
        .route("/api/session", get(session::get))
        .route(
            "/api/postmortems/{id}/review",
            get(review::get).post(review::step),
        )
        .route(
            "/api/postmortems/{id}/review/reviewers",
            put(review::assign),
        )
        .route(
            "/api/postmortems/{id}/versions",
            get(versions::list).post(versions::save),
        )
        .route("/api/postmortems/{id}/versions/{n}", get(versions::read))
        .route(
            "/api/postmortems/{id}/versions/{n}/diff",
            get(versions::diff),
        )
        .route(
            "/api/postmortems/{id}/versions/{n}/restore",
            post(versions::restore),
        )
        .route("/api/action-items", get(action_items::list))
        .route("/api/action-items/events", get(action_items::events))
        .route(
            "/api/action-items/{id}",
            patch(action_items::patch).layer(DefaultBodyLimit::max(MAX_PATCH_BYTES)),
        )
        .route(
            "/api/postmortems/{id}/action-items",
            get(action_items::of_postmortem),
        )
        .route(
            "/api/postmortems/{id}/annotations/{annotation}/dismiss",
            post(insights::dismiss).layer(DefaultBodyLimit::max(MAX_DISMISS_BYTES)),
        )
        .route("/api/{*rest}", any(unknown_api))
        .layer(DefaultBodyLimit::max(max_body));
    let postmortems = Router::new()
        .route(
            "/api/postmortems",
            get(postmortems::list).post(postmortems::create),
        )
        .route("/api/postmortems/{id}", get(postmortems::get))
        .route("/api/postmortems/{id}/export.md", get(postmortems::export))
        .layer(DefaultBodyLimit::max(postmortems::MAX_BODY_BYTES));
    let web = ServeDir::new(web_dir).fallback(ServeFile::new(web_dir.join("index.html")));
    let sign_in = match state.sso {
        Some(_) => Router::new()
            .route("/auth/login", get(sso::login))
            .route("/auth/callback", get(sso::callback))
            .route("/auth/logout", post(sso::logout)),
        None => Router::new(),
    };
    Router::new()
        .merge(sign_in)
        .route("/ws/{*doc}", get(ws::upgrade))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .merge(api)
        .merge(postmortems)
        .fallback_service(web)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Unknown API paths get a JSON 404 rather than the web client's page.
async fn unknown_api(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("no API route {}", uri.path()))
}

/// Runs blocking work (the store, its tables and what lives in them) off the async threads.
async fn blocking<T, E>(work: impl FnOnce() -> Result<T, E> + Send + 'static) -> Result<T, ApiError>
where
    T: Send + 'static,
    E: Into<ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?
        .map_err(Into::into)
}
