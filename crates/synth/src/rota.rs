//! The MASH duty rota around `today`: last week, this week and next, each
//! working day with a handful of the pod's workers on duty (the demo MASH
//! account among them today) and the pod's manager as duty manager.

use crate::staff::Roster;
use crate::time;
use chrono::{Duration, NaiveDate};
use hearth_domain::calendar::Calendar;
use hearth_domain::events::{DutyRotaSet, EventPayload};
use hearth_domain::front_door::duty_rota::{week_starting, weekdays};
use hearth_domain::staff::{Role, TeamKind};
use hearth_domain::NewEvent;

/// Workers on duty per pod per day.
const ON_DUTY: usize = 4;

pub(crate) fn events(roster: &Roster, today: NaiveDate) -> Vec<NewEvent> {
    let calendar = Calendar::england_and_wales();
    let demo_mash = roster.demo.iter().find(|d| d.role == Role::MashWorker).map(|d| d.user_id);
    let this_week = week_starting(today);
    let mut out = Vec::new();
    for team in roster.teams.iter().filter(|t| t.kind == TeamKind::Mash) {
        let mut workers: Vec<_> =
            roster.members.iter().filter(|m| m.team == Some(team.id) && m.role == Role::MashWorker).map(|m| m.id).collect();
        if workers.is_empty() {
            continue;
        }
        workers.sort();
        for (w, monday) in [this_week - Duration::days(7), this_week, this_week + Duration::days(7)].into_iter().enumerate() {
            // Rotas are set on the Friday before, or this morning for a week already begun.
            let set_on = (monday - Duration::days(3)).min(today);
            for (d, day) in weekdays(monday).into_iter().enumerate() {
                if !calendar.is_working_day(day) {
                    continue;
                }
                let start = (w * 5 + d) * 2;
                let mut on_duty: Vec<_> = (0..ON_DUTY.min(workers.len())).map(|i| workers[(start + i) % workers.len()]).collect();
                if day == today
                    && let Some(demo) = demo_mash.filter(|d| workers.contains(d) && !on_duty.contains(d))
                {
                    on_duty[0] = demo;
                }
                out.push(NewEvent::new(
                    EventPayload::DutyRotaSet(DutyRotaSet { team_id: team.id, date: day, duty_workers: on_duty, duty_manager: team.manager }),
                    time::at(set_on, 16 * 3600 + (out.len() as u32 % 3_000)),
                ));
            }
        }
    }
    out
}
