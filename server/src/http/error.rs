//! JSON errors for the HTTP API: `{"error": {"code": "...", "message": "..."}}` with a fitting
//! status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::doc_name::InvalidDocName;
use crate::room::RoomError;
use crate::store::StoreError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", what)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

impl From<InvalidDocName> for ApiError {
    fn from(e: InvalidDocName) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_document_name",
            e.to_string(),
        )
    }
}

impl From<RoomError> for ApiError {
    fn from(e: RoomError) -> Self {
        let (status, code) = match &e {
            RoomError::BadUpdate(_) => (StatusCode::BAD_REQUEST, "invalid_update"),
            RoomError::ShuttingDown => (StatusCode::SERVICE_UNAVAILABLE, "shutting_down"),
            RoomError::Load(_) | RoomError::Gone => {
                (StatusCode::SERVICE_UNAVAILABLE, "document_unavailable")
            }
            RoomError::Storage(_) => (StatusCode::INTERNAL_SERVER_ERROR, "storage_error"),
        };
        ApiError::new(status, code, e.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "storage error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "storage_error",
            e.to_string(),
        )
    }
}
