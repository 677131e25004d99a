//! JSON errors for the HTTP API: `{"error": {"code": "...", "message": "...", "details"?: ...}}`
//! with a fitting status (and `Retry-After` when retrying later may help).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::doc_name::InvalidDocName;
use crate::room::RoomError;
use crate::store::StoreError;
use crate::work::WorkError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds after which the client may retry, sent as `Retry-After`.
    pub retry_after: Option<u32>,
    /// What a client needs to act on the error (the failing checks of a refused publish).
    pub details: Option<serde_json::Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
            details: None,
        }
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    /// 413 for a body larger than `limit` bytes; `what` names the body.
    pub fn too_large(what: &str, limit: usize) -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("{what} is larger than the {limit} bytes this server accepts"),
        )
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", what)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({ "code": self.code, "message": self.message });
        if let Some(details) = self.details {
            error["details"] = details;
        }
        let body = json!({ "error": error });
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, seconds.into());
        }
        response
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

impl From<WorkError> for ApiError {
    fn from(e: WorkError) -> Self {
        let (status, code, retry_after) = match e {
            WorkError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy", Some(1)),
            WorkError::DeadlineExceeded => {
                (StatusCode::SERVICE_UNAVAILABLE, "deadline_exceeded", None)
            }
            WorkError::Cancelled => (StatusCode::SERVICE_UNAVAILABLE, "shutting_down", Some(1)),
            WorkError::Failed => (StatusCode::INTERNAL_SERVER_ERROR, "internal", None),
        };
        ApiError {
            retry_after,
            ..ApiError::new(status, code, e.to_string())
        }
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
