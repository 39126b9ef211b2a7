//! Credentials, sign-in attempts and sessions. These are operational state,
//! not the record: they change in place and are never in the event log.

use crate::error::StoreError;
use crate::{Store, params};
use chrono::{DateTime, Utc};
use hearth_domain::ids::UserId;

#[derive(Clone, Debug, PartialEq)]
pub struct Credentials {
    pub password_hash: String,
    pub failed_attempts: i64,
    pub locked_until: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub token_hash: String,
    pub user_id: Option<UserId>,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Store {
    pub async fn set_password_hash(&self, user_id: UserId, hash: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.pools()
            .execute(
                "INSERT INTO credentials (user_id, password_hash, failed_attempts, locked_until, changed_at) \
                 VALUES ($1, $2, 0, NULL, $3) ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, \
                 failed_attempts = 0, locked_until = NULL, changed_at = excluded.changed_at",
                params![user_id.0, hash, now],
            )
            .await?;
        Ok(())
    }

    pub async fn credentials(&self, user_id: UserId) -> Result<Option<Credentials>, StoreError> {
        let r = self
            .pools()
            .fetch_optional(
                "SELECT password_hash, failed_attempts, locked_until FROM credentials WHERE user_id = $1",
                params![user_id.0],
            )
            .await?;
        r.map(|r| {
            Ok(Credentials {
                password_hash: r.str("password_hash")?,
                failed_attempts: r.i64("failed_attempts")?,
                locked_until: r.opt_timestamp("locked_until")?,
            })
        })
        .transpose()
    }

    /// Counts a failed password; locks the account once `max_attempts` is
    /// reached. Returns the lock's end if it is now locked.
    pub async fn record_failed_password(
        &self,
        user_id: UserId,
        max_attempts: i64,
        lock_until: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.pools()
            .execute(
                "UPDATE credentials SET failed_attempts = failed_attempts + 1, \
                 locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN $3 ELSE locked_until END WHERE user_id = $1",
                params![user_id.0, max_attempts, lock_until],
            )
            .await?;
        Ok(self.credentials(user_id).await?.and_then(|c| c.locked_until))
    }

    pub async fn clear_failed_passwords(&self, user_id: UserId) -> Result<(), StoreError> {
        self.pools()
            .execute("UPDATE credentials SET failed_attempts = 0, locked_until = NULL WHERE user_id = $1", params![user_id.0])
            .await?;
        Ok(())
    }

    pub async fn log_sign_in_attempt(&self, username: &str, outcome: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        let username: String = username.chars().take(64).collect();
        self.pools()
            .execute("INSERT INTO sign_in_attempts (at, username, outcome) VALUES ($1, $2, $3)", params![at, username, outcome])
            .await?;
        Ok(())
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: Option<UserId>,
        csrf_token: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.pools()
            .execute(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $4, $5)",
                params![token_hash, user_id.map(|u| u.0), csrf_token, now, expires_at],
            )
            .await?;
        Ok(())
    }

    /// A live session by its token hash; expired sessions are not returned.
    pub async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>, StoreError> {
        let r = self
            .pools()
            .fetch_optional(
                "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions \
                 WHERE token_hash = $1 AND expires_at > $2",
                params![token_hash, now],
            )
            .await?;
        r.map(|r| {
            Ok(Session {
                token_hash: r.str("token_hash")?,
                user_id: r.opt_uuid("user_id")?,
                csrf_token: r.str("csrf_token")?,
                created_at: r.timestamp("created_at")?,
                expires_at: r.timestamp("expires_at")?,
            })
        })
        .transpose()
    }

    /// Slides an idle session's expiry forward.
    pub async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> Result<(), StoreError> {
        self.pools()
            .execute(
                "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1",
                params![token_hash, now, expires_at],
            )
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.pools().execute("DELETE FROM sessions WHERE token_hash = $1", params![token_hash]).await?;
        Ok(())
    }

    pub async fn delete_sessions_of(&self, user_id: UserId) -> Result<(), StoreError> {
        self.pools().execute("DELETE FROM sessions WHERE user_id = $1", params![user_id.0]).await?;
        Ok(())
    }

    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        self.pools().execute("DELETE FROM sessions WHERE expires_at <= $1", params![now]).await
    }
}
