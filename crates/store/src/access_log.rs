//! The access log: every opening of a child's record, and every break-glass
//! reason. Append-only, like the event log (the database refuses changes).

use crate::error::StoreError;
use crate::{Store, params};
use chrono::{DateTime, Utc};
use hearth_domain::ids::{PersonId, UserId};

#[derive(Clone, Debug, PartialEq)]
pub struct AccessEntry {
    pub at: DateTime<Utc>,
    pub user_id: UserId,
    pub person_id: PersonId,
    pub screen: String,
    /// A short, non-secret reference to the session (not the token).
    pub session_ref: String,
    pub break_glass_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AccessView {
    pub entry: AccessEntry,
    pub user_name: String,
    pub username: String,
    pub child_name: Option<String>,
    pub hearth_ref: Option<String>,
}

const VIEW_SELECT: &str = "SELECT l.at, l.user_id, l.person_id, l.screen, l.session_ref, l.break_glass_reason, \
     COALESCE(s.display_name, '(unknown)') AS user_name, COALESCE(s.username, '') AS username, \
     p.given_name, p.family_name, p.hearth_ref \
     FROM access_log l LEFT JOIN staff s ON s.user_id = l.user_id LEFT JOIN people p ON p.person_id = l.person_id";

fn view(r: &crate::db::Row) -> Result<AccessView, StoreError> {
    let child_name = match (r.opt_str("given_name")?, r.opt_str("family_name")?) {
        (Some(g), Some(f)) => Some(format!("{g} {f}")),
        _ => None,
    };
    Ok(AccessView {
        entry: AccessEntry {
            at: r.timestamp("at")?,
            user_id: r.uuid("user_id")?,
            person_id: r.uuid("person_id")?,
            screen: r.str("screen")?,
            session_ref: r.str("session_ref")?,
            break_glass_reason: r.opt_str("break_glass_reason")?,
        },
        user_name: r.str("user_name")?,
        username: r.str("username")?,
        child_name,
        hearth_ref: r.opt_str("hearth_ref")?,
    })
}

impl Store {
    pub async fn log_access(&self, e: &AccessEntry) -> Result<(), StoreError> {
        self.pools()
            .execute(
                "INSERT INTO access_log (at, user_id, person_id, screen, session_ref, break_glass_reason) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
                params![e.at, e.user_id.0, e.person_id.0, e.screen.as_str(), e.session_ref.as_str(), e.break_glass_reason.clone()],
            )
            .await?;
        Ok(())
    }

    /// Whether this session gave a break-glass reason for this child since `since`.
    pub async fn break_glass_given(&self, session_ref: &str, person_id: PersonId, since: DateTime<Utc>) -> Result<bool, StoreError> {
        Ok(self
            .pools()
            .fetch_optional(
                "SELECT 1 AS x FROM access_log WHERE session_ref = $1 AND person_id = $2 \
                 AND break_glass_reason IS NOT NULL AND at >= $3 LIMIT 1",
                params![session_ref, person_id.0, since],
            )
            .await?
            .is_some())
    }

    /// Who opened a child's record, newest first.
    pub async fn access_log_for(&self, person_id: PersonId, limit: i64) -> Result<Vec<AccessView>, StoreError> {
        let sql = format!("{VIEW_SELECT} WHERE l.person_id = $1 ORDER BY l.at DESC, l.id DESC LIMIT $2");
        self.pools().fetch_all(&sql, params![person_id.0, limit]).await?.iter().map(view).collect()
    }

    /// Every break-glass opening since a time, newest first, for managers.
    pub async fn break_glass_since(&self, since: DateTime<Utc>, limit: i64) -> Result<Vec<AccessView>, StoreError> {
        let sql = format!(
            "{VIEW_SELECT} WHERE l.break_glass_reason IS NOT NULL AND l.at >= $1 ORDER BY l.at DESC, l.id DESC LIMIT $2"
        );
        self.pools().fetch_all(&sql, params![since, limit]).await?.iter().map(view).collect()
    }

    /// The children a user opened most recently (for "My work").
    pub async fn recently_viewed(&self, user_id: UserId, limit: i64) -> Result<Vec<(PersonId, DateTime<Utc>)>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT person_id, MAX(at) AS last_at FROM access_log WHERE user_id = $1 \
                 GROUP BY person_id ORDER BY last_at DESC LIMIT $2",
                params![user_id.0, limit],
            )
            .await?;
        rows.iter().map(|r| Ok((r.uuid("person_id")?, r.timestamp("last_at")?))).collect()
    }
}
