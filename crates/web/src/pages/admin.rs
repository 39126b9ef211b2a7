//! Administration: staff accounts, teams and bank holidays.

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::State;

pub async fn users(State(_state): State<AppState>, _user: CurrentUser) -> Result<String, AppError> { Err(AppError::NotFound) }
pub async fn new_user_form(State(_state): State<AppState>, _user: CurrentUser) -> Result<String, AppError> { Err(AppError::NotFound) }
pub async fn create_user(State(_state): State<AppState>, _user: CurrentUser) -> Result<String, AppError> { Err(AppError::NotFound) }
pub async fn user(State(_state): State<AppState>, _user: CurrentUser) -> Result<String, AppError> { Err(AppError::NotFound) }
pub async fn update_user(State(_state): State<AppState>, _user: CurrentUser) -> Result<String, AppError> { Err(AppError::NotFound) }
pub async fn teams(State(_state): State<AppState>, _user: CurrentUser) -> Result<String, AppError> { Err(AppError::NotFound) }
pub async fn new_team_form(State(_state): State<AppState>, _user: CurrentUser) -> Result<String, AppError> { Err(AppError::NotFound) }
pub async fn create_team(State(_state): State<AppState>, _user: CurrentUser) -> Result<String, AppError> { Err(AppError::NotFound) }
pub async fn bank_holidays(State(_state): State<AppState>, _user: CurrentUser) -> Result<String, AppError> { Err(AppError::NotFound) }
pub async fn add_bank_holiday(State(_state): State<AppState>, _user: CurrentUser) -> Result<String, AppError> { Err(AppError::NotFound) }
