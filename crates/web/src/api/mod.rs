//! The JSON API: the same operations as the pages, for other systems.

use crate::state::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
}
