//! Changes-only payloads: what differs between the payload last sent for
//! a child and the one we would send now.
//!
//! Objects are compared field by field. Lists of records are matched by
//! their record id: a new record is sent whole, a changed one as its id,
//! its changed fields and `purge: false`, and one that has gone as its id
//! with `purge: true`, so the receiver deletes it rather than keeping a
//! record Hearth no longer holds. Lists without ids (factors, SDQ scores,
//! workers) are sent whole when they change. A block that has gone (an
//! adoption record corrected away) is sent as `{"purge": true}`.

use serde_json::{Map, Value, json};

/// Sent with every partial payload, changed or not.
const REQUIRED: [&str; 3] = ["la_child_id", "mis_child_id", "child_details"];

/// The fields that identify a record in a list.
const RECORD_IDS: [&str; 6] = [
    "social_care_episode_id",
    "child_and_family_assessment_id",
    "child_in_need_plan_id",
    "section_47_assessment_id",
    "child_protection_plan_id",
    "child_looked_after_placement_id",
];

pub fn partial(now: &Value, was: &Value) -> Value {
    let mut out = Map::new();
    for key in REQUIRED {
        if let Some(v) = now.get(key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    if let (Value::Object(now), Value::Object(was)) = (now, was) {
        for (key, value) in diff_object(now, was) {
            out.entry(key).or_insert(value);
        }
    }
    Value::Object(out)
}

pub fn deletion(was: &Value) -> Value {
    json!({
        "la_child_id": was.get("la_child_id").cloned().unwrap_or(Value::Null),
        "mis_child_id": was.get("mis_child_id").cloned().unwrap_or(Value::Null),
        "purge": true,
    })
}

fn diff_object(now: &Map<String, Value>, was: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in now {
        match (value, was.get(key)) {
            (_, Some(old)) if old == value => {}
            (Value::Object(block), Some(Value::Object(old))) => {
                let mut changed = diff_object(block, old);
                if block.contains_key("purge") {
                    changed.insert("purge".into(), json!(false));
                }
                out.insert(key.clone(), Value::Object(changed));
            }
            (Value::Array(items), Some(Value::Array(old))) => {
                out.insert(key.clone(), diff_list(items, old));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    for (key, old) in was {
        if !now.contains_key(key) {
            let gone = if old.get("purge").is_some() { json!({ "purge": true }) } else { Value::Null };
            out.insert(key.clone(), gone);
        }
    }
    out
}

fn record_id(item: &Value) -> Option<(&'static str, &Value)> {
    RECORD_IDS.iter().find_map(|key| item.get(*key).map(|v| (*key, v)))
}

fn diff_list(now: &[Value], was: &[Value]) -> Value {
    let keyed = now.iter().chain(was).all(|item| record_id(item).is_some());
    if !keyed {
        return Value::Array(now.to_vec());
    }
    let find = |list: &'_ [Value], key: &str, id: &Value| list.iter().position(|x| x.get(key) == Some(id));
    let mut out = Vec::new();
    for item in now {
        let Some((key, id)) = record_id(item) else { continue };
        match find(was, key, id).map(|i| &was[i]) {
            None => out.push(item.clone()),
            Some(old) if old == item => {}
            Some(old) => {
                if let (Value::Object(item_map), Value::Object(old_map)) = (item, old) {
                    let mut changed = diff_object(item_map, old_map);
                    changed.insert(key.to_string(), id.clone());
                    if item_map.contains_key("purge") {
                        changed.insert("purge".into(), json!(false));
                    }
                    out.push(Value::Object(changed));
                }
            }
        }
    }
    for old in was {
        let Some((key, id)) = record_id(old) else { continue };
        if find(now, key, id).is_none() {
            out.push(json!({ key: id, "purge": true }));
        }
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_record_is_sent_as_its_id_and_changes_and_a_gone_one_is_purged() {
        let was = json!({
            "la_child_id": "H1", "mis_child_id": "m", "purge": false, "child_details": { "sex": "F", "purge": false },
            "social_care_episodes": [
                { "social_care_episode_id": "e1", "closure_date": null, "factors": ["1A"], "purge": false },
                { "social_care_episode_id": "e2", "closure_date": null, "purge": false },
            ],
            "health_and_wellbeing": { "sdq_assessments": [{ "date": "2025-03-31", "score": 12 }], "purge": false },
        });
        let now = json!({
            "la_child_id": "H1", "mis_child_id": "m", "purge": false, "child_details": { "sex": "F", "purge": false },
            "social_care_episodes": [
                { "social_care_episode_id": "e1", "closure_date": "2025-06-01", "factors": ["1A"], "purge": false },
                { "social_care_episode_id": "e3", "closure_date": null, "purge": false },
            ],
        });
        assert_eq!(
            partial(&now, &was),
            json!({
                "la_child_id": "H1", "mis_child_id": "m", "child_details": { "sex": "F", "purge": false },
                "social_care_episodes": [
                    { "social_care_episode_id": "e1", "closure_date": "2025-06-01", "purge": false },
                    { "social_care_episode_id": "e3", "closure_date": null, "purge": false },
                    { "social_care_episode_id": "e2", "purge": true },
                ],
                "health_and_wellbeing": { "purge": true },
            })
        );
    }

    #[test]
    fn lists_without_record_ids_are_sent_whole() {
        let was = json!({ "la_child_id": "H1", "x": { "factors": ["1A", "2B"], "purge": false } });
        let now = json!({ "la_child_id": "H1", "x": { "factors": ["1A"], "purge": false } });
        assert_eq!(partial(&now, &was), json!({ "la_child_id": "H1", "x": { "factors": ["1A"], "purge": false } }));
        assert_eq!(partial(&was, &was), json!({ "la_child_id": "H1" }));
    }
}
