//! Folding events into the history. One handler per event type that the
//! returns read; the rest (front-door workflow, risk flags, staff roles)
//! leave the history as it was.

use super::*;
use hearth_domain::events::EventPayload;
use hearth_domain::ids::HearthRef;

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Folds one event in. `seq` is its place in the log: a child's census
    /// `LAchildID` is the Hearth reference allocated from the sequence of
    /// the event that recorded them, exactly as the store allocates it.
    pub fn apply(&mut self, seq: i64, recorded_at: DateTime<Utc>, payload: &EventPayload) {
        self.last_seq = self.last_seq.max(seq);
        self.last_recorded_at = Some(recorded_at);
        self.apply_payload(seq, payload);
    }

    fn apply_payload(&mut self, seq: i64, payload: &EventPayload) {
        use EventPayload as E;
        match payload {
            E::Correction(c) => self.apply_payload(seq, &c.replacement),
            E::TeamCreated(t) => {
                self.teams.insert(t.team_id, t.name.clone());
            }
            E::StaffAccountCreated(s) => {
                self.staff.insert(s.user_id, StaffMember { display_name: s.display_name.clone(), team_id: s.team_id });
            }
            E::ChildRecorded(c) => {
                let existing = self.children.get(&c.person_id).map(|h| h.la_child_id.clone());
                let la_child_id = existing.unwrap_or_else(|| HearthRef::from_number(seq.unsigned_abs()).to_string());
                let child = self.children.entry(c.person_id).or_insert_with(|| ChildHistory::new(c.person_id, la_child_id));
                child.first_name = c.name.given.clone();
                child.last_name = c.name.family.clone();
                child.date_of_birth = c.date_of_birth;
                child.expected_date_of_birth = c.expected_date_of_birth;
                child.sex = c.sex;
                child.ethnicity = c.ethnicity;
                child.disabilities = c.disabilities.clone();
                child.upn = c.upn.as_ref().map(|u| u.as_str().to_string());
                child.postcode = c.address.as_ref().map(|a| a.postcode.clone());
            }
            E::PersonDetailsChanged(p) => {
                if let Some(child) = self.children.get_mut(&p.person_id) {
                    if let Some(n) = &p.name {
                        child.first_name = n.given.clone();
                        child.last_name = n.family.clone();
                    }
                    if let Some(d) = p.date_of_birth {
                        child.date_of_birth = Some(d);
                        child.expected_date_of_birth = None;
                    }
                    if let Some(s) = p.sex {
                        child.sex = s;
                    }
                    if let Some(e) = p.ethnicity {
                        child.ethnicity = Some(e);
                    }
                    if let Some(d) = &p.disabilities {
                        child.disabilities = d.clone();
                    }
                    if let Some(u) = &p.upn {
                        child.upn = Some(u.as_str().to_string());
                    }
                    if let Some(d) = p.date_of_death {
                        child.date_of_death = Some(d);
                    }
                }
            }
            E::AddressRecorded(a) => {
                if let Some(child) = self.children.get_mut(&a.person_id) {
                    child.postcode = Some(a.address.postcode.clone());
                }
            }
            E::ChildAllocated(a) => {
                if let Some(child) = self.children.get_mut(&a.child_id) {
                    let allocation = Allocation { team_id: a.team_id, worker_id: a.worker_id, from: a.from };
                    // Re-recording the same day's allocation replaces it.
                    child.allocations.retain(|x| x.from != a.from);
                    child.allocations.push(allocation);
                    child.allocations.sort_by_key(|x| x.from);
                }
            }
            E::ContactReceived(c) => {
                let received_on = crate::uk_date(c.received_at);
                for child_id in &c.children {
                    if let Some(child) = self.children.get_mut(child_id) {
                        upsert(
                            &mut child.contacts,
                            |x| x.contact_id == c.contact_id,
                            ContactRecord { contact_id: c.contact_id, received_on, source: c.source },
                        );
                    }
                }
            }
            E::EarlyHelpStarted(e) => {
                if let Some(r) = self.early_help(e.child_id, e.episode_id) {
                    r.started_on = Some(e.started_on);
                    r.organisation = e.organisation.clone();
                }
            }
            E::EarlyHelpAssessmentStarted(e) => {
                if let Some(r) = self.early_help(e.child_id, e.episode_id) {
                    r.assessment_started_on = Some(e.started_on);
                }
            }
            E::EarlyHelpAssessmentCompleted(e) => {
                if let Some(r) = self.early_help(e.child_id, e.episode_id) {
                    r.assessment_completed_on = Some(e.completed_on);
                    r.assessment_organisation = e.organisation.clone();
                }
            }
            E::EarlyHelpClosed(e) => {
                if let Some(r) = self.early_help(e.child_id, e.episode_id) {
                    r.closed_on = Some(e.closed_on);
                }
            }
            E::ReferralOpened(r) => {
                if let Some(child) = self.children.get_mut(&r.child_id) {
                    let existing = child.referrals.iter().position(|x| x.referral_id == r.referral_id);
                    let record = ReferralRecord {
                        referral_id: r.referral_id,
                        contact_id: r.contact_id,
                        referral_date: r.referral_date,
                        source: r.source,
                        primary_need: existing.and_then(|i| child.referrals[i].primary_need),
                        closed_on: existing.and_then(|i| child.referrals[i].closed_on),
                        closure_reason: existing.and_then(|i| child.referrals[i].closure_reason),
                    };
                    upsert(&mut child.referrals, |x| x.referral_id == r.referral_id, record);
                }
            }
            E::ReferralClosed(r) => {
                if let Some(x) = self.referral(r.child_id, r.referral_id) {
                    x.closed_on = Some(r.closed_on);
                    x.closure_reason = Some(r.reason);
                }
            }
            E::PrimaryNeedRecorded(p) => {
                if let Some(x) = self.referral(p.child_id, p.referral_id) {
                    x.primary_need = Some(p.primary_need);
                }
            }
            E::AssessmentStarted(a) => {
                if let Some(child) = self.children.get_mut(&a.child_id) {
                    let previous = child.assessments.iter().find(|x| x.assessment_id == a.assessment_id).cloned();
                    let record = AssessmentRecord {
                        assessment_id: a.assessment_id,
                        referral_id: a.referral_id,
                        started_on: a.started_on,
                        completed_on: previous.as_ref().and_then(|p| p.completed_on),
                        authorised_on: previous.as_ref().and_then(|p| p.authorised_on),
                        factors: previous.as_ref().map(|p| p.factors.clone()).unwrap_or_default(),
                        outcome: previous.as_ref().and_then(|p| p.outcome),
                    };
                    upsert(&mut child.assessments, |x| x.assessment_id == a.assessment_id, record);
                }
            }
            E::AssessmentProgressSaved(a) => {
                if let Some(x) = self.assessment(a.child_id, a.assessment_id) {
                    x.factors = a.assessment.factors.clone();
                    x.outcome = a.assessment.outcome;
                }
            }
            E::AssessmentSubmitted(a) => {
                if let Some(x) = self.assessment(a.child_id, a.assessment_id) {
                    x.factors = a.assessment.factors.clone();
                    x.outcome = a.assessment.outcome;
                    x.completed_on = a.assessment.completed_on;
                }
            }
            E::AssessmentAuthorised(a) => {
                if let Some(x) = self.assessment(a.child_id, a.assessment_id) {
                    x.authorised_on = Some(a.authorised_on);
                }
            }
            E::AssessmentReturned(a) => {
                if let Some(x) = self.assessment(a.child_id, a.assessment_id) {
                    x.completed_on = None;
                }
            }
            E::CinPlanStarted(p) => {
                if let Some(child) = self.children.get_mut(&p.child_id) {
                    let previous = child.cin_plans.iter().find(|x| x.plan_id == p.plan_id).cloned();
                    let record = CinPlanRecord {
                        plan_id: p.plan_id,
                        referral_id: p.referral_id,
                        started_on: p.started_on,
                        ended_on: previous.as_ref().and_then(|x| x.ended_on),
                        reviews: previous.map(|x| x.reviews).unwrap_or_default(),
                    };
                    upsert(&mut child.cin_plans, |x| x.plan_id == p.plan_id, record);
                }
            }
            E::CinPlanReviewed(r) => {
                if let Some(child) = self.children.get_mut(&r.child_id)
                    && let Some(plan) = child.cin_plans.iter_mut().find(|x| x.plan_id == r.plan_id)
                {
                    plan.reviews.retain(|(id, _)| *id != r.review_id);
                    plan.reviews.push((r.review_id, r.reviewed_on));
                    plan.reviews.sort_by_key(|(_, on)| *on);
                }
            }
            E::CinPlanEnded(p) => {
                if let Some(child) = self.children.get_mut(&p.child_id)
                    && let Some(plan) = child.cin_plans.iter_mut().find(|x| x.plan_id == p.plan_id)
                {
                    plan.ended_on = Some(p.ended_on);
                }
            }
            E::ChildVisited(v) => {
                if let Some(child) = self.children.get_mut(&v.child_id)
                    && let Some(visited_on) = v.visit.visited_on
                {
                    upsert(
                        &mut child.visits,
                        |x| x.visit_id == v.visit_id,
                        VisitRecord {
                            visit_id: v.visit_id,
                            visited_on,
                            seen: v.visit.child_seen == Some(true),
                            seen_alone: v.visit.child_seen_alone == Some(true),
                        },
                    );
                }
            }
            E::StrategyDiscussionHeld(s) => {
                if let Some(child) = self.children.get_mut(&s.child_id) {
                    upsert(
                        &mut child.strategy_discussions,
                        |x| x.discussion_id == s.discussion_id,
                        StrategyDiscussionRecord {
                            discussion_id: s.discussion_id,
                            referral_id: s.referral_id,
                            held_on: s.discussion.held_on(),
                            decision: s.discussion.decision,
                        },
                    );
                }
            }
            E::Section47Started(s) => {
                if let Some(child) = self.children.get_mut(&s.child_id) {
                    let previous = child.section47s.iter().find(|x| x.enquiry_id == s.enquiry_id).cloned();
                    let record = Section47Record {
                        enquiry_id: s.enquiry_id,
                        discussion_id: s.discussion_id,
                        discussion_on: s.discussion_on,
                        started_on: s.started_on,
                        child_seen_on: previous.as_ref().and_then(|p| p.child_seen_on),
                        child_seen_alone: previous.as_ref().and_then(|p| p.child_seen_alone),
                        outcome: previous.as_ref().and_then(|p| p.outcome),
                        completed_on: previous.as_ref().and_then(|p| p.completed_on),
                    };
                    upsert(&mut child.section47s, |x| x.enquiry_id == s.enquiry_id, record);
                }
            }
            E::Section47Updated(s) => {
                if let Some(child) = self.children.get_mut(&s.child_id)
                    && let Some(x) = child.section47s.iter_mut().find(|x| x.enquiry_id == s.enquiry_id)
                {
                    x.child_seen_on = s.enquiry.child_seen_on;
                    x.child_seen_alone = s.enquiry.child_seen_alone;
                    x.outcome = s.enquiry.outcome;
                    x.completed_on = s.enquiry.completed_on;
                    if let Some(started) = s.enquiry.started_on {
                        x.started_on = started;
                    }
                }
            }
            E::ConferenceHeld(c) => {
                if let Some(child) = self.children.get_mut(&c.child_id) {
                    upsert(
                        &mut child.conferences,
                        |x| x.conference_id == c.conference_id,
                        ConferenceRecord {
                            conference_id: c.conference_id,
                            kind: c.conference.kind,
                            enquiry_id: c.enquiry_id,
                            plan_id: c.plan_id,
                            held_on: c.conference.held_on,
                            decision: c.conference.decision,
                            category: c.conference.category,
                        },
                    );
                    // A review conference's category becomes the plan's latest.
                    if c.conference.kind == ConferenceKind::Review
                        && let (Some(plan_id), Some(category)) = (c.plan_id, c.conference.category)
                        && let Some(plan) = child.cp_plans.iter_mut().find(|p| p.plan_id == plan_id)
                    {
                        plan.latest_category = Some(category);
                    }
                }
            }
            E::CpPlanStarted(p) => {
                if let Some(child) = self.children.get_mut(&p.child_id)
                    && let Some(started_on) = p.plan.started_on
                {
                    let previous = child.cp_plans.iter().find(|x| x.plan_id == p.plan_id).cloned();
                    let record = CpPlanRecord {
                        plan_id: p.plan_id,
                        conference_id: p.conference_id,
                        started_on,
                        initial_category: p.plan.initial_category,
                        latest_category: previous
                            .as_ref()
                            .and_then(|x| x.latest_category)
                            .or(p.plan.latest_category)
                            .or(p.plan.initial_category),
                        ended_on: previous.as_ref().and_then(|x| x.ended_on),
                        end_reason: previous.as_ref().and_then(|x| x.end_reason),
                    };
                    upsert(&mut child.cp_plans, |x| x.plan_id == p.plan_id, record);
                }
            }
            E::CpPlanEnded(p) => {
                if let Some(child) = self.children.get_mut(&p.child_id)
                    && let Some(plan) = child.cp_plans.iter_mut().find(|x| x.plan_id == p.plan_id)
                {
                    plan.ended_on = Some(p.ended_on);
                    plan.end_reason = Some(p.reason);
                }
            }
            E::PreProceedingsStarted(p) => {
                if let Some(child) = self.children.get_mut(&p.child_id) {
                    let previous = child.pre_proceedings.iter().find(|x| x.pre_proceedings_id == p.pre_proceedings_id).cloned();
                    upsert(
                        &mut child.pre_proceedings,
                        |x| x.pre_proceedings_id == p.pre_proceedings_id,
                        PreProceedingsRecord {
                            pre_proceedings_id: p.pre_proceedings_id,
                            started_on: p.started_on,
                            reviews: previous.as_ref().map(|x| x.reviews.clone()).unwrap_or_default(),
                            ended_on: previous.and_then(|x| x.ended_on),
                        },
                    );
                }
            }
            E::PreProceedingsReviewed(r) => {
                if let Some(child) = self.children.get_mut(&r.child_id)
                    && let Some(x) = child.pre_proceedings.iter_mut().find(|x| x.pre_proceedings_id == r.pre_proceedings_id)
                {
                    x.reviews.retain(|(id, _)| *id != r.review_id);
                    x.reviews.push((r.review_id, r.reviewed_on));
                    x.reviews.sort_by_key(|(_, on)| *on);
                }
            }
            E::PreProceedingsEnded(p) => {
                if let Some(child) = self.children.get_mut(&p.child_id)
                    && let Some(x) = child.pre_proceedings.iter_mut().find(|x| x.pre_proceedings_id == p.pre_proceedings_id)
                {
                    x.ended_on = Some(p.ended_on);
                }
            }
            E::ProceedingsIssued(p) => {
                if let Some(child) = self.children.get_mut(&p.child_id) {
                    let previous = child.proceedings.iter().find(|x| x.proceedings_id == p.proceedings_id).cloned();
                    upsert(
                        &mut child.proceedings,
                        |x| x.proceedings_id == p.proceedings_id,
                        ProceedingsRecord {
                            proceedings_id: p.proceedings_id,
                            issued_on: p.issued_on,
                            application: serde_json::to_value(p.application)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default(),
                            concluded_on: previous.and_then(|x| x.concluded_on),
                        },
                    );
                }
            }
            E::ProceedingsConcluded(p) => {
                if let Some(child) = self.children.get_mut(&p.child_id)
                    && let Some(x) = child.proceedings.iter_mut().find(|x| x.proceedings_id == p.proceedings_id)
                {
                    x.concluded_on = Some(p.concluded_on);
                }
            }
            other => {
                if let Some(child_id) = care::child_of(other)
                    && let Some(child) = self.children.get_mut(&child_id)
                {
                    child.care.apply(other);
                }
            }
        }
    }

    fn referral(&mut self, child_id: PersonId, referral_id: ReferralId) -> Option<&mut ReferralRecord> {
        self.children.get_mut(&child_id)?.referrals.iter_mut().find(|r| r.referral_id == referral_id)
    }

    fn assessment(&mut self, child_id: PersonId, assessment_id: AssessmentId) -> Option<&mut AssessmentRecord> {
        self.children.get_mut(&child_id)?.assessments.iter_mut().find(|r| r.assessment_id == assessment_id)
    }

    /// An early help episode, created on first mention (the referral to
    /// early help is not itself a return item).
    fn early_help(&mut self, child_id: PersonId, episode_id: EarlyHelpEpisodeId) -> Option<&mut EarlyHelpRecord> {
        let child = self.children.get_mut(&child_id)?;
        let i = match child.early_help.iter().position(|r| r.episode_id == episode_id) {
            Some(i) => i,
            None => {
                child.early_help.push(EarlyHelpRecord {
                    episode_id,
                    started_on: None,
                    organisation: String::new(),
                    assessment_started_on: None,
                    assessment_completed_on: None,
                    assessment_organisation: String::new(),
                    closed_on: None,
                });
                child.early_help.len() - 1
            }
        };
        child.early_help.get_mut(i)
    }
}

impl ChildHistory {
    /// A child known only by their identifiers, with nothing recorded yet:
    /// where the fold starts each child (and where tests build one from).
    pub fn new(person_id: PersonId, la_child_id: String) -> Self {
        Self {
            person_id,
            la_child_id,
            first_name: String::new(),
            last_name: String::new(),
            date_of_birth: None,
            expected_date_of_birth: None,
            date_of_death: None,
            sex: Sex::Unknown,
            ethnicity: None,
            disabilities: Vec::new(),
            upn: None,
            postcode: None,
            allocations: Vec::new(),
            contacts: Vec::new(),
            early_help: Vec::new(),
            referrals: Vec::new(),
            assessments: Vec::new(),
            cin_plans: Vec::new(),
            strategy_discussions: Vec::new(),
            section47s: Vec::new(),
            conferences: Vec::new(),
            cp_plans: Vec::new(),
            visits: Vec::new(),
            pre_proceedings: Vec::new(),
            proceedings: Vec::new(),
            care: care::CareHistory::default(),
        }
    }
}

/// Replaces the record `matches` finds, or adds it.
fn upsert<T>(records: &mut Vec<T>, matches: impl Fn(&T) -> bool, record: T) {
    match records.iter_mut().find(|r| matches(r)) {
        Some(existing) => *existing = record,
        None => records.push(record),
    }
}
