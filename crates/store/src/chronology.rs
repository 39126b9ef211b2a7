//! Reading a person's chronology: every event about them, newest first.

use crate::error::StoreError;
use crate::log::RecordedEvent;
use crate::{Store, params};
use hearth_domain::events::ChronologyCategory;
use hearth_domain::ids::PersonId;

#[derive(Clone, Debug)]
pub struct ChronologyEntry {
    pub event: RecordedEvent,
    pub recorded_by_name: String,
    /// Set when a later correction replaced this entry.
    pub corrected_by_seq: Option<i64>,
}

impl Store {
    pub async fn chronology(
        &self,
        person_id: PersonId,
        category: Option<ChronologyCategory>,
        limit: i64,
    ) -> Result<Vec<ChronologyEntry>, StoreError> {
        let columns = crate::log::EVENT_COLUMNS
            .split(", ")
            .map(|c| format!("e.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let filter = if category.is_some() { "AND c.category = $3" } else { "" };
        let sql = format!(
            "SELECT {columns}, c.corrected_by_seq, COALESCE(s.display_name, 'Hearth') AS recorded_by_name \
             FROM chronology c JOIN events e ON e.seq = c.seq \
             LEFT JOIN staff s ON s.user_id = e.recorded_by \
             WHERE c.person_id = $1 {filter} ORDER BY c.occurred_at DESC, c.seq DESC LIMIT $2"
        );
        let rows = match category {
            Some(cat) => self.pools().fetch_all(&sql, params![person_id.0, limit, cat.code()]).await?,
            None => self.pools().fetch_all(&sql, params![person_id.0, limit]).await?,
        };
        rows.iter()
            .map(|r| {
                Ok(ChronologyEntry {
                    event: crate::log::event_from_row(r)?,
                    recorded_by_name: r.str("recorded_by_name")?,
                    corrected_by_seq: r.opt_i64("corrected_by_seq")?,
                })
            })
            .collect()
    }

    /// How many entries of each category a person's chronology holds.
    pub async fn chronology_counts(&self, person_id: PersonId) -> Result<Vec<(ChronologyCategory, i64)>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT category, COUNT(*) AS n FROM chronology WHERE person_id = $1 GROUP BY category",
                params![person_id.0],
            )
            .await?;
        let mut out = Vec::new();
        for r in rows {
            if let Some(c) = ChronologyCategory::from_code(&r.str("category")?) {
                out.push((c, r.i64("n")?));
            }
        }
        out.sort_by_key(|(c, _)| ChronologyCategory::ALL.iter().position(|x| x == c));
        Ok(out)
    }
}
