use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use hearth_domain::events::EventPayload;

pub(super) async fn apply(tx: &mut Tx, origin_seq: i64, payload: &EventPayload) -> Result<(), StoreError> {
    if let EventPayload::BankHolidayAdded(e) = payload {
        tx.execute(
            "INSERT INTO bank_holidays_added (holiday_date, title, origin_seq) VALUES ($1, $2, $3) \
             ON CONFLICT (holiday_date) DO UPDATE SET title = excluded.title, origin_seq = excluded.origin_seq",
            params![e.date, &e.title, origin_seq],
        )
        .await?;
    }
    Ok(())
}
