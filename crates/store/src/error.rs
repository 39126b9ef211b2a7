use hearth_domain::events::DecodeError;
use hearth_domain::validation::FieldErrors;

/// Everything the store can refuse or fail at. The web crate maps these to
/// HTTP in one place.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record would break a rule; nothing was written.
    #[error("the record is not valid: {0}")]
    Invalid(#[from] FieldErrors),
    /// The request contradicts the record (e.g. correcting an event that does not exist).
    #[error("{0}")]
    Refused(String),
    /// Something that must be unique already exists (a username, say).
    #[error("{0}")]
    Conflict(String),
    #[error("not found")]
    NotFound,
    /// The database holds something Hearth did not write: a bug or tampering.
    #[error("stored data is not as Hearth wrote it: {0}")]
    Corrupt(String),
    #[error("a stored event cannot be read: {0}")]
    Decode(#[from] DecodeError),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Config(String),
}

impl StoreError {
    /// True when the database refused a change to an append-only table.
    pub fn is_append_only_refusal(&self) -> bool {
        matches!(self, StoreError::Database(e) if e.to_string().contains("append-only"))
    }

    pub(crate) fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(db)) => db.is_unique_violation(),
            _ => false,
        }
    }
}
