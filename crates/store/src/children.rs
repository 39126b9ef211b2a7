//! Reading children's records: search, the record's summary, relationships,
//! addresses and allocation, and caseloads.

use crate::db::Row;
use crate::error::StoreError;
use crate::{Store, params};
use chrono::NaiveDate;
use hearth_domain::ids::{PersonId, ReferralId, TeamId, UserId};

/// A child as shown in lists and search results.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildListItem {
    pub person_id: PersonId,
    pub hearth_ref: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub sex: Option<String>,
    pub postcode: Option<String>,
    pub team_name: Option<String>,
    pub worker_name: Option<String>,
}

impl ChildListItem {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// The whole summary of a child's record.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildRecord {
    pub item: ChildListItem,
    pub other_names: Option<String>,
    pub date_of_death: Option<NaiveDate>,
    pub ethnicity: Option<String>,
    pub disabilities: Vec<String>,
    pub upn: Option<String>,
    pub nhs_number: Option<String>,
    pub address: Option<String>,
    pub team_id: Option<TeamId>,
    pub worker_id: Option<UserId>,
    pub allocated_from: Option<NaiveDate>,
    pub relationships: Vec<Relationship>,
    pub addresses: Vec<AddressHistoryItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Relationship {
    pub related_id: PersonId,
    pub related_name: String,
    pub related_is_child: bool,
    pub related_hearth_ref: Option<String>,
    pub kind: String,
    /// True when this person is the related one's <kind> (e.g. the child of a mother).
    pub inverse: bool,
    pub lives_with: bool,
    pub parental_responsibility: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AddressHistoryItem {
    pub from: NaiveDate,
    pub address: String,
}

/// What to search by; every filled-in field must match.
#[derive(Clone, Debug, Default)]
pub struct ChildSearch {
    pub name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub nhs_number: Option<String>,
    pub hearth_ref: Option<String>,
    /// Only children with this risk flag active (its code, e.g. `CSE`).
    pub risk_flag: Option<String>,
    pub limit: i64,
}

const LIST_SELECT: &str = "SELECT p.person_id, p.hearth_ref, p.given_name, p.family_name, p.date_of_birth, \
     p.expected_date_of_birth, p.sex, p.address_postcode, t.name AS team_name, s.display_name AS worker_name \
     FROM people p \
     LEFT JOIN allocations a ON a.child_id = p.person_id \
     LEFT JOIN teams t ON t.team_id = a.team_id \
     LEFT JOIN staff s ON s.user_id = a.worker_id";

fn list_item(r: &Row) -> Result<ChildListItem, StoreError> {
    Ok(ChildListItem {
        person_id: r.uuid("person_id")?,
        hearth_ref: r.opt_str("hearth_ref")?.unwrap_or_default(),
        given_name: r.str("given_name")?,
        family_name: r.str("family_name")?,
        date_of_birth: r.opt_date("date_of_birth")?,
        expected_date_of_birth: r.opt_date("expected_date_of_birth")?,
        sex: r.opt_str("sex")?,
        postcode: r.opt_str("address_postcode")?,
        team_name: r.opt_str("team_name")?,
        worker_name: r.opt_str("worker_name")?,
    })
}

impl Store {
    /// Finds children. Names match on every word typed, in any order, at the
    /// start of any part of the name ("sam jon" finds Samuel Jones).
    pub async fn search_children(&self, q: &ChildSearch) -> Result<Vec<ChildListItem>, StoreError> {
        let mut conditions = vec!["p.is_child = $1".to_string()];
        let mut values = vec![crate::db::Value::from(true)];
        if let Some(name) = q.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            for word in name.to_lowercase().split_whitespace().take(5) {
                let escaped: String = word.chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
                values.push(crate::db::Value::from(format!("{escaped}%")));
                values.push(crate::db::Value::from(format!("% {escaped}%")));
                let (a, b) = (values.len() - 1, values.len());
                conditions.push(format!("(p.search_name LIKE ${a} OR p.search_name LIKE ${b})"));
            }
        }
        if let Some(dob) = q.date_of_birth {
            values.push(dob.into());
            let i = values.len();
            conditions.push(format!("(p.date_of_birth = ${i} OR p.expected_date_of_birth = ${i})"));
        }
        if let Some(nhs) = &q.nhs_number {
            values.push(nhs.as_str().into());
            conditions.push(format!("p.nhs_number = ${}", values.len()));
        }
        if let Some(r) = &q.hearth_ref {
            values.push(r.as_str().into());
            conditions.push(format!("p.hearth_ref = ${}", values.len()));
        }
        if let Some(flag) = &q.risk_flag {
            values.push(flag.as_str().into());
            conditions.push(format!(
                "EXISTS (SELECT 1 FROM risk_flags rf WHERE rf.child_id = p.person_id AND rf.flag = ${} AND rf.removed_seq IS NULL)",
                values.len()
            ));
        }
        values.push(q.limit.clamp(1, 500).into());
        let sql = format!(
            "{LIST_SELECT} WHERE {} ORDER BY p.family_name, p.given_name, p.hearth_ref LIMIT ${}",
            conditions.join(" AND "),
            values.len()
        );
        self.pools().fetch_all(&sql, &values).await?.iter().map(list_item).collect()
    }

    pub async fn child_record(&self, person_id: PersonId) -> Result<Option<ChildRecord>, StoreError> {
        let sql = "SELECT p.person_id, p.hearth_ref, p.given_name, p.family_name, p.date_of_birth, \
             p.expected_date_of_birth, p.sex, p.address_postcode, t.name AS team_name, s.display_name AS worker_name, \
             p.other_names, p.date_of_death, p.ethnicity, p.disabilities, p.upn, p.nhs_number, \
             p.address_line1, p.address_line2, p.address_town, a.team_id, a.worker_id, a.from_date AS allocated_from \
             FROM people p \
             LEFT JOIN allocations a ON a.child_id = p.person_id \
             LEFT JOIN teams t ON t.team_id = a.team_id \
             LEFT JOIN staff s ON s.user_id = a.worker_id \
             WHERE p.person_id = $1 AND p.is_child = $2";
        let Some(r) = self.pools().fetch_optional(sql, params![person_id.0, true]).await? else {
            return Ok(None);
        };
        let address = match (r.opt_str("address_line1")?, r.opt_str("address_town")?, r.opt_str("address_postcode")?) {
            (Some(l1), Some(town), Some(pc)) => Some(match r.opt_str("address_line2")? {
                Some(l2) => format!("{l1}, {l2}, {town}, {pc}"),
                None => format!("{l1}, {town}, {pc}"),
            }),
            _ => None,
        };
        let disabilities = r
            .opt_str("disabilities")?
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        Ok(Some(ChildRecord {
            item: list_item(&r)?,
            other_names: r.opt_str("other_names")?,
            date_of_death: r.opt_date("date_of_death")?,
            ethnicity: r.opt_str("ethnicity")?,
            disabilities,
            upn: r.opt_str("upn")?,
            nhs_number: r.opt_str("nhs_number")?,
            address,
            team_id: r.opt_uuid("team_id")?,
            worker_id: r.opt_uuid("worker_id")?,
            allocated_from: r.opt_date("allocated_from")?,
            relationships: self.relationships(person_id).await?,
            addresses: self.address_history(person_id).await?,
        }))
    }

    pub async fn relationships(&self, person_id: PersonId) -> Result<Vec<Relationship>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT r.related_id, r.kind, r.inverse, r.lives_with, r.parental_responsibility, \
                 p.given_name, p.family_name, p.is_child, p.hearth_ref \
                 FROM relationships r JOIN people p ON p.person_id = r.related_id \
                 WHERE r.person_id = $1 ORDER BY r.origin_seq",
                params![person_id.0],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Relationship {
                    related_id: r.uuid("related_id")?,
                    related_name: format!("{} {}", r.str("given_name")?, r.str("family_name")?),
                    related_is_child: r.bool("is_child")?,
                    related_hearth_ref: r.opt_str("hearth_ref")?,
                    kind: r.str("kind")?,
                    inverse: r.bool("inverse")?,
                    lives_with: r.bool("lives_with")?,
                    parental_responsibility: r.bool("parental_responsibility")?,
                })
            })
            .collect()
    }

    pub async fn address_history(&self, person_id: PersonId) -> Result<Vec<AddressHistoryItem>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT from_date, line1, line2, town, postcode FROM addresses WHERE person_id = $1 \
                 ORDER BY from_date DESC, origin_seq DESC",
                params![person_id.0],
            )
            .await?;
        rows.iter()
            .map(|r| {
                let line2 = r.opt_str("line2")?.map(|l| format!(", {l}")).unwrap_or_default();
                Ok(AddressHistoryItem {
                    from: r.date("from_date")?,
                    address: format!("{}{}, {}, {}", r.str("line1")?, line2, r.str("town")?, r.str("postcode")?),
                })
            })
            .collect()
    }

    /// Every team that has held the child: "known to the team" for access.
    pub async fn child_teams(&self, person_id: PersonId) -> Result<Vec<TeamId>, StoreError> {
        let rows = self
            .pools()
            .fetch_all("SELECT DISTINCT team_id FROM involvements WHERE child_id = $1", params![person_id.0])
            .await?;
        rows.iter().map(|r| r.uuid("team_id")).collect()
    }

    /// The children allocated to a worker now.
    pub async fn caseload(&self, worker_id: UserId) -> Result<Vec<ChildListItem>, StoreError> {
        let sql = format!("{LIST_SELECT} WHERE a.worker_id = $1 ORDER BY p.family_name, p.given_name");
        self.pools().fetch_all(&sql, params![worker_id.0]).await?.iter().map(list_item).collect()
    }

    /// The children a team holds with no allocated worker (F22).
    pub async fn unallocated_in_teams(&self, teams: &[TeamId]) -> Result<Vec<ChildListItem>, StoreError> {
        let mut out = Vec::new();
        for team in teams {
            let sql = format!(
                "{LIST_SELECT} WHERE a.team_id = $1 AND a.worker_id IS NULL ORDER BY a.from_date, p.family_name LIMIT 200"
            );
            for r in self.pools().fetch_all(&sql, params![team.0]).await? {
                out.push(list_item(&r)?);
            }
        }
        Ok(out)
    }

    pub async fn child_count(&self) -> Result<i64, StoreError> {
        let r = self.pools().fetch_optional("SELECT COUNT(*) AS n FROM people WHERE is_child = $1", params![true]).await?;
        Ok(match r {
            Some(r) => r.i64("n")?,
            None => 0,
        })
    }

    /// A child's id from their Hearth reference.
    pub async fn child_by_ref(&self, hearth_ref: &str) -> Result<Option<PersonId>, StoreError> {
        let r = self.pools().fetch_optional("SELECT person_id FROM people WHERE hearth_ref = $1", params![hearth_ref]).await?;
        r.map(|r| r.uuid("person_id")).transpose()
    }

    pub async fn person_exists(&self, person_id: PersonId) -> Result<bool, StoreError> {
        Ok(self.pools().fetch_optional("SELECT 1 AS x FROM people WHERE person_id = $1", params![person_id.0]).await?.is_some())
    }
}

/// A child's children-in-need episode (referral), as the record shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferralSummary {
    pub referral_id: ReferralId,
    pub referral_date: NaiveDate,
    pub source: String,
    /// The census primary need code, once recorded.
    pub primary_need: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: Option<String>,
    /// Referrals for the child in the 12 months before this one (F9).
    pub prior_12_months: i64,
}

impl Store {
    /// The child's referrals, newest first.
    pub async fn referrals_of(&self, child: PersonId) -> Result<Vec<ReferralSummary>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT referral_id, referral_date, source, primary_need, closed_on, closure_reason, prior_12_months FROM referrals WHERE child_id = $1 \
                 ORDER BY referral_date DESC, origin_seq DESC",
                params![child.0],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ReferralSummary {
                    referral_id: r.uuid("referral_id")?,
                    referral_date: r.date("referral_date")?,
                    source: r.str("source")?,
                    primary_need: r.opt_str("primary_need")?,
                    closed_on: r.opt_date("closed_on")?,
                    closure_reason: r.opt_str("closure_reason")?,
                    prior_12_months: r.i64("prior_12_months")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// Those of `children` with an open children-in-need episode: a new
    /// referral decision about them adds to the open case instead.
    pub async fn children_with_open_referral(&self, children: &[PersonId]) -> Result<Vec<PersonId>, StoreError> {
        let mut open = std::collections::HashSet::new();
        for chunk in children.chunks(500) {
            let values: Vec<crate::db::Value> = chunk.iter().map(|c| crate::db::Value::from(c.0)).collect();
            let sql = format!(
                "SELECT DISTINCT child_id FROM referrals WHERE closed_on IS NULL AND child_id IN ({})",
                crate::db::placeholders(1, chunk.len())
            );
            for r in &self.pools().fetch_all(&sql, &values).await? {
                open.insert(r.uuid::<PersonId>("child_id")?);
            }
        }
        Ok(children.iter().copied().filter(|c| open.contains(c)).collect())
    }
}
