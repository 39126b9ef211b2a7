//! People, addresses, relationships, families and allocations.

use super::Origin;
use super::staff::expect_one;
use crate::db::{Tx, Value};
use crate::error::StoreError;
use crate::params;
use hearth_domain::codes::Disability;
use hearth_domain::events::{AdultRecorded, ChildRecorded, EventPayload, PersonDetailsChanged};
use hearth_domain::ids::HearthRef;
use hearth_domain::people::{Address, PersonName};

pub(super) async fn apply(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    match payload {
        EventPayload::ChildRecorded(e) => {
            insert_person(tx, origin, e.person_id.0, &PersonRow::child(e)).await?;
            if let Some(a) = &e.address {
                record_first_address(tx, origin, e.person_id.0, a);
            }
            if let Some(team) = e.team_id {
                allocate(tx, origin, e.person_id.0, team.0, None).await?;
            }
        }
        EventPayload::AdultRecorded(e) => {
            insert_person(tx, origin, e.person_id.0, &PersonRow::adult(e)).await?;
            if let Some(a) = &e.address {
                record_first_address(tx, origin, e.person_id.0, a);
            }
        }
        EventPayload::PersonDetailsChanged(e) => {
            let changes = detail_changes(e);
            update_person(tx, origin, e.person_id.0, changes).await?;
        }
        EventPayload::AddressRecorded(e) => {
            insert_address(tx, origin, e.person_id.0, e.from, &e.address).await?;
        }
        EventPayload::RelationshipRecorded(e) => {
            for (person, related, inverse) in [(e.person_id, e.related_id, false), (e.related_id, e.person_id, true)] {
                tx.insert_later(
                    "INSERT INTO relationships (origin_seq, person_id, related_id, kind, inverse, lives_with, parental_responsibility)",
                    "",
                    params![origin.seq, person.0, related.0, e.kind.code(), inverse, e.lives_with, e.parental_responsibility].to_vec(),
                );
            }
        }
        EventPayload::FamilyRecorded(e) => {
            tx.execute(
                "INSERT INTO families (family_id, label, origin_seq) VALUES ($1, $2, $3) \
                 ON CONFLICT (family_id) DO UPDATE SET label = excluded.label, origin_seq = excluded.origin_seq",
                params![e.family_id.0, &e.label, origin.seq],
            )
            .await?;
            for m in &e.members {
                tx.insert_later(
                    "INSERT INTO family_members (family_id, person_id)",
                    "ON CONFLICT DO NOTHING",
                    params![e.family_id.0, m.0].to_vec(),
                );
            }
        }
        EventPayload::ChildAllocated(e) => {
            allocate(tx, Origin { occurred_on: e.from, ..origin }, e.child_id.0, e.team_id.0, e.worker_id.map(|w| w.0)).await?;
        }
        _ => {}
    }
    Ok(())
}

/// Puts a correction in place of what the original event projected.
pub(super) async fn correct(
    tx: &mut Tx,
    origin: Origin,
    original: &EventPayload,
    replacement: &EventPayload,
) -> Result<(), StoreError> {
    match (original, replacement) {
        // Only the fields the correction changes are written, so a later
        // change of details (a new name, say) is not undone by correcting a
        // typo in the original record.
        (EventPayload::ChildRecorded(old), EventPayload::ChildRecorded(new)) => {
            let changes = PersonRow::child(old).changes_to(&PersonRow::child(new));
            update_person(tx, origin, new.person_id.0, changes).await?;
            replace_address(tx, origin, new.person_id.0, new.address.as_ref()).await?;
        }
        (EventPayload::AdultRecorded(old), EventPayload::AdultRecorded(new)) => {
            let changes = PersonRow::adult(old).changes_to(&PersonRow::adult(new));
            update_person(tx, origin, new.person_id.0, changes).await?;
            replace_address(tx, origin, new.person_id.0, new.address.as_ref()).await?;
        }
        (EventPayload::PersonDetailsChanged(_), EventPayload::PersonDetailsChanged(new)) => {
            update_person(tx, origin, new.person_id.0, detail_changes(new)).await?;
        }
        (EventPayload::AddressRecorded(_), EventPayload::AddressRecorded(new)) => {
            tx.execute("DELETE FROM addresses WHERE origin_seq = $1", params![origin.seq]).await?;
            insert_address(tx, origin, new.person_id.0, new.from, &new.address).await?;
        }
        (EventPayload::RelationshipRecorded(_), EventPayload::RelationshipRecorded(_))
        | (EventPayload::FamilyRecorded(_), EventPayload::FamilyRecorded(_)) => {
            tx.execute("DELETE FROM relationships WHERE origin_seq = $1", params![origin.seq]).await?;
            if let EventPayload::FamilyRecorded(f) = replacement {
                tx.execute("DELETE FROM family_members WHERE family_id = $1", params![f.family_id.0]).await?;
            }
            apply(tx, origin, replacement).await?;
        }
        (EventPayload::ChildAllocated(_), EventPayload::ChildAllocated(new)) => {
            tx.execute("DELETE FROM involvements WHERE origin_seq = $1", params![origin.seq]).await?;
            let current = tx
                .fetch_optional("SELECT origin_seq FROM allocations WHERE child_id = $1", params![new.child_id.0])
                .await?;
            let was_current = match current {
                Some(r) => r.i64("origin_seq")? == origin.seq,
                None => false,
            };
            if was_current {
                tx.execute("DELETE FROM allocations WHERE child_id = $1", params![new.child_id.0]).await?;
            }
            apply(tx, origin, replacement).await?;
        }
        _ => return Err(StoreError::Refused("The correction does not match the event it corrects".to_string())),
    }
    Ok(())
}

/// The person columns an event sets, in a form that can be compared.
struct PersonRow {
    is_child: bool,
    cols: Vec<(&'static str, Value)>,
}

impl PersonRow {
    fn child(e: &ChildRecorded) -> PersonRow {
        let mut cols = name_cols(&e.name);
        cols.extend([
            ("date_of_birth", Value::from(e.date_of_birth)),
            ("expected_date_of_birth", Value::from(e.expected_date_of_birth)),
            ("sex", Value::from(e.sex.code())),
            ("ethnicity", Value::from(e.ethnicity.map(|x| x.code()))),
            ("disabilities", Value::from(disability_codes(&e.disabilities))),
            ("upn", Value::from(e.upn.as_ref().map(|u| u.as_str()))),
            ("nhs_number", Value::from(e.nhs_number.as_ref().map(|n| n.as_str()))),
        ]);
        cols.extend(address_cols(e.address.as_ref()));
        PersonRow { is_child: true, cols }
    }

    fn adult(e: &AdultRecorded) -> PersonRow {
        let mut cols = name_cols(&e.name);
        cols.extend([
            ("date_of_birth", Value::from(e.date_of_birth)),
            ("sex", Value::from(e.sex.map(|s| s.code()))),
        ]);
        cols.extend(address_cols(e.address.as_ref()));
        PersonRow { is_child: false, cols }
    }

    fn changes_to(&self, new: &PersonRow) -> Vec<(&'static str, Value)> {
        new.cols.iter().filter(|(c, v)| self.cols.iter().find(|(oc, _)| oc == c).map(|(_, ov)| ov) != Some(v)).cloned().collect()
    }
}

fn name_cols(n: &PersonName) -> Vec<(&'static str, Value)> {
    vec![
        ("given_name", Value::from(n.given.trim())),
        ("family_name", Value::from(n.family.trim())),
        ("other_names", Value::from(n.other.as_deref().map(str::trim).filter(|o| !o.is_empty()))),
        ("search_name", Value::from(search_name(n))),
    ]
}

fn address_cols(a: Option<&Address>) -> Vec<(&'static str, Value)> {
    vec![
        ("address_line1", Value::from(a.map(|a| a.line1.as_str()))),
        ("address_line2", Value::from(a.and_then(|a| a.line2.as_deref()))),
        ("address_town", Value::from(a.map(|a| a.town.as_str()))),
        ("address_postcode", Value::from(a.map(|a| normalise_postcode(&a.postcode)))),
    ]
}

/// Lower-case "given other family", so a search for any part of a name finds it.
pub(crate) fn search_name(n: &PersonName) -> String {
    let mut s = n.given.trim().to_lowercase();
    if let Some(o) = n.other.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        s.push(' ');
        s.push_str(&o.to_lowercase());
    }
    s.push(' ');
    s.push_str(&n.family.trim().to_lowercase());
    s
}

fn normalise_postcode(p: &str) -> String {
    let compact: String = p.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let split = compact.len().saturating_sub(3);
    format!("{} {}", &compact[..split], &compact[split..])
}

fn disability_codes(d: &[Disability]) -> String {
    d.iter().map(|x| x.code()).collect::<Vec<_>>().join(",")
}

fn detail_changes(e: &PersonDetailsChanged) -> Vec<(&'static str, Value)> {
    let mut cols = Vec::new();
    if let Some(n) = &e.name {
        cols.extend(name_cols(n));
    }
    if let Some(d) = e.date_of_birth {
        // A birth: the expected date gives way to the real one.
        cols.push(("date_of_birth", Value::from(d)));
        cols.push(("expected_date_of_birth", Value::Date(None)));
    }
    if let Some(s) = e.sex {
        cols.push(("sex", Value::from(s.code())));
    }
    if let Some(x) = e.ethnicity {
        cols.push(("ethnicity", Value::from(x.code())));
    }
    if let Some(d) = &e.disabilities {
        cols.push(("disabilities", Value::from(disability_codes(d))));
    }
    if let Some(u) = &e.upn {
        cols.push(("upn", Value::from(u.as_str())));
    }
    if let Some(n) = &e.nhs_number {
        cols.push(("nhs_number", Value::from(n.as_str())));
    }
    if let Some(d) = e.date_of_death {
        cols.push(("date_of_death", Value::from(d)));
    }
    cols
}

async fn insert_person(tx: &mut Tx, origin: Origin, person_id: uuid::Uuid, row: &PersonRow) -> Result<(), StoreError> {
    let hearth_ref = row.is_child.then(|| hearth_ref_for(origin.seq));
    let mut columns = vec!["person_id", "hearth_ref", "is_child", "recorded_seq", "updated_seq"];
    let mut values = vec![
        Value::from(person_id),
        Value::from(hearth_ref),
        Value::from(row.is_child),
        Value::from(origin.seq),
        Value::from(origin.seq),
    ];
    for (c, v) in &row.cols {
        columns.push(c);
        values.push(v.clone());
    }
    let sql = format!("INSERT INTO people ({}) VALUES ({})", columns.join(", "), crate::db::placeholders(1, values.len()));
    tx.execute(&sql, &values).await.map_err(|e| {
        if e.is_unique_violation() { StoreError::Conflict("That person is already recorded".to_string()) } else { e }
    })?;
    Ok(())
}

async fn update_person(
    tx: &mut Tx,
    origin: Origin,
    person_id: uuid::Uuid,
    changes: Vec<(&'static str, Value)>,
) -> Result<(), StoreError> {
    let mut sets = Vec::with_capacity(changes.len() + 1);
    let mut values = Vec::with_capacity(changes.len() + 2);
    for (i, (col, v)) in changes.into_iter().enumerate() {
        sets.push(format!("{col} = ${}", i + 1));
        values.push(v);
    }
    sets.push(format!("updated_seq = ${}", values.len() + 1));
    values.push(Value::from(origin.seq));
    values.push(Value::from(person_id));
    let sql = format!("UPDATE people SET {} WHERE person_id = ${}", sets.join(", "), values.len());
    expect_one(tx.execute(&sql, &values).await?, "The person does not exist")
}

async fn insert_address(
    tx: &mut Tx,
    origin: Origin,
    person_id: uuid::Uuid,
    from: chrono::NaiveDate,
    a: &Address,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO addresses (origin_seq, person_id, from_date, line1, line2, town, postcode) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        params![origin.seq, person_id, from, a.line1.trim(), a.line2.as_deref(), a.town.trim(), normalise_postcode(&a.postcode)],
    )
    .await?;
    refresh_current_address(tx, person_id).await
}

/// A newly recorded person's address: their `people` row already holds it
/// as current, so only the history row is needed.
fn record_first_address(tx: &mut Tx, origin: Origin, person_id: uuid::Uuid, a: &Address) {
    tx.insert_later(
        "INSERT INTO addresses (origin_seq, person_id, from_date, line1, line2, town, postcode)",
        "",
        params![origin.seq, person_id, origin.occurred_on, a.line1.trim(), a.line2.as_deref(), a.town.trim(), normalise_postcode(&a.postcode)]
            .to_vec(),
    );
}

async fn replace_address(tx: &mut Tx, origin: Origin, person_id: uuid::Uuid, a: Option<&Address>) -> Result<(), StoreError> {
    tx.execute("DELETE FROM addresses WHERE origin_seq = $1", params![origin.seq]).await?;
    match a {
        Some(a) => insert_address(tx, origin, person_id, origin.occurred_on, a).await,
        None => refresh_current_address(tx, person_id).await,
    }
}

/// The current address is the one from the latest date (ties: latest recorded).
async fn refresh_current_address(tx: &mut Tx, person_id: uuid::Uuid) -> Result<(), StoreError> {
    let latest = tx
        .fetch_optional(
            "SELECT line1, line2, town, postcode FROM addresses WHERE person_id = $1 \
             ORDER BY from_date DESC, origin_seq DESC LIMIT 1",
            params![person_id],
        )
        .await?;
    let (l1, l2, town, pc) = match latest {
        Some(r) => (r.opt_str("line1")?, r.opt_str("line2")?, r.opt_str("town")?, r.opt_str("postcode")?),
        None => (None, None, None, None),
    };
    tx.execute(
        "UPDATE people SET address_line1 = $1, address_line2 = $2, address_town = $3, address_postcode = $4 WHERE person_id = $5",
        params![l1, l2, town, pc, person_id],
    )
    .await?;
    Ok(())
}

/// A new allocation ends the previous one; the history stays in `involvements`.
async fn allocate(
    tx: &mut Tx,
    origin: Origin,
    child_id: uuid::Uuid,
    team_id: uuid::Uuid,
    worker_id: Option<uuid::Uuid>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO involvements (origin_seq, child_id, team_id, worker_id, from_date) VALUES ($1, $2, $3, $4, $5)",
        params![origin.seq, child_id, team_id, worker_id, origin.occurred_on],
    )
    .await?;
    tx.execute(
        "INSERT INTO allocations (child_id, team_id, worker_id, from_date, origin_seq) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (child_id) DO UPDATE SET team_id = excluded.team_id, worker_id = excluded.worker_id, \
         from_date = excluded.from_date, origin_seq = excluded.origin_seq",
        params![child_id, team_id, worker_id, origin.occurred_on, origin.seq],
    )
    .await?;
    Ok(())
}

pub(crate) fn hearth_ref_for(seq: i64) -> String {
    HearthRef::from_number(seq.unsigned_abs()).to_string()
}
