use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use hearth_domain::events::EventPayload;

pub(super) async fn apply(tx: &mut Tx, origin_seq: i64, payload: &EventPayload) -> Result<(), StoreError> {
    if let EventPayload::ContactReceived(e) = payload {
        tx.insert_later(
            "INSERT INTO contacts (contact_id, received_at, source, origin_seq)",
            "",
            params![e.contact_id.0, e.received_at, e.source.code(), origin_seq].to_vec(),
        );
        for child in &e.children {
            tx.insert_later("INSERT INTO contact_children (contact_id, child_id)", "", params![e.contact_id.0, child.0].to_vec());
        }
    }
    Ok(())
}

pub(super) async fn correct(tx: &mut Tx, origin_seq: i64, replacement: &EventPayload) -> Result<(), StoreError> {
    if let EventPayload::ContactReceived(e) = replacement {
        tx.execute("DELETE FROM contact_children WHERE contact_id = $1", params![e.contact_id.0]).await?;
        tx.execute("DELETE FROM contacts WHERE contact_id = $1", params![e.contact_id.0]).await?;
        apply(tx, origin_seq, replacement).await?;
    }
    Ok(())
}
