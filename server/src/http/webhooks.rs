//! Webhook endpoints, for administrators (the server key, or anyone in open mode):
//! `POST /api/webhooks {url, events, secret}` registers one (201, without the secret),
//! `GET /api/webhooks` lists them, `DELETE /api/webhooks/{id}` removes one, and
//! `GET /api/webhooks/{id}/deliveries` lists its latest delivery attempts. What is sent, and how
//! it is signed and retried: [`crate::webhooks`].

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;

use super::{blocking, ApiError, AppState};
use crate::auth::Caller;
use crate::webhooks::{Attempt, WebhookError};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEndpoint {
    url: String,
    events: Vec<String>,
    secret: String,
}

impl From<WebhookError> for ApiError {
    fn from(e: WebhookError) -> Self {
        match e {
            WebhookError::Store(e) => e.into(),
            e => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "bad_webhook",
                e.to_string(),
            ),
        }
    }
}

/// `POST /api/webhooks`
pub async fn create(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    body: Result<Json<NewEndpoint>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    caller.require_admin()?;
    let Json(new) = body.map_err(|e| ApiError::new(e.status(), "bad_json", e.body_text()))?;
    let webhooks = state.webhooks.clone();
    let endpoint = blocking(move || webhooks.register(&new.url, &new.events, &new.secret)).await?;
    tracing::info!(webhook = %endpoint.id, url = %endpoint.url, "webhook registered");
    Ok((
        StatusCode::CREATED,
        Json(serde_json::to_value(endpoint.view()).expect("serializes")),
    ))
}

/// `GET /api/webhooks`
pub async fn list(
    State(state): State<Arc<AppState>>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    caller.require_admin()?;
    let webhooks = state.webhooks.clone();
    let endpoints = blocking(move || webhooks.list()).await?;
    let views: Vec<_> = endpoints.iter().map(|e| e.view()).collect();
    Ok(Json(serde_json::to_value(views).expect("serializes")))
}

/// `DELETE /api/webhooks/{id}`
pub async fn remove(
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    caller.require_admin()?;
    let webhooks = state.webhooks.clone();
    let lookup = id.clone();
    match blocking(move || webhooks.remove(&lookup)).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::not_found(format!("webhook {id}"))),
    }
}

/// `GET /api/webhooks/{id}/deliveries`
pub async fn deliveries(
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    caller: Caller,
) -> Result<Json<Vec<Attempt>>, ApiError> {
    caller.require_admin()?;
    let webhooks = state.webhooks.clone();
    Ok(Json(blocking(move || webhooks.attempts(&id)).await?))
}
