//! Nesting a child's flat records into children-in-need episodes, the way
//! the census nests them: assessments and CIN plans by their referral;
//! section 47 enquiries through their strategy discussion's referral;
//! conferences through their enquiry; child protection plans through their
//! conference. Where a link is missing (a strategy discussion recorded
//! without a referral), the record joins the episode open on its date.

use super::*;

/// One children-in-need episode with everything recorded under it.
#[derive(Clone, Debug)]
pub struct Episode<'a> {
    pub referral: &'a ReferralRecord,
    pub assessments: Vec<&'a AssessmentRecord>,
    pub cin_plans: Vec<&'a CinPlanRecord>,
    pub section47s: Vec<&'a Section47Record>,
    /// Initial conferences, with the enquiry that led to them where known.
    pub initial_conferences: Vec<&'a ConferenceRecord>,
    pub cp_plans: Vec<&'a CpPlanRecord>,
}

impl<'a> Episode<'a> {
    /// Review conferences of this episode's plans, oldest first.
    pub fn review_conferences_of(&self, child: &'a ChildHistory, plan_id: PlanId) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = child
            .conferences
            .iter()
            .filter(|c| c.kind == ConferenceKind::Review && c.plan_id == Some(plan_id))
            .filter_map(|c| c.held_on)
            .collect();
        dates.sort();
        dates
    }

    /// The initial conference that followed an enquiry.
    pub fn conference_of(&self, enquiry_id: Section47Id) -> Option<&'a ConferenceRecord> {
        self.initial_conferences.iter().copied().find(|c| c.enquiry_id == Some(enquiry_id))
    }
}

pub(super) fn nest(child: &ChildHistory) -> Vec<Episode<'_>> {
    let mut referrals: Vec<&ReferralRecord> = child.referrals.iter().collect();
    referrals.sort_by_key(|r| (r.referral_date, r.referral_id));
    let mut episodes: Vec<Episode<'_>> = referrals
        .into_iter()
        .map(|referral| Episode {
            referral,
            assessments: Vec::new(),
            cin_plans: Vec::new(),
            section47s: Vec::new(),
            initial_conferences: Vec::new(),
            cp_plans: Vec::new(),
        })
        .collect();
    if episodes.is_empty() {
        return episodes;
    }
    let by_id = |episodes: &[Episode<'_>], id: ReferralId| episodes.iter().position(|e| e.referral.referral_id == id);
    let on_date = |episodes: &[Episode<'_>], date: NaiveDate| {
        // The latest episode that had started by then, preferring one still
        // open on the day.
        let open = episodes
            .iter()
            .rposition(|e| e.referral.referral_date <= date && e.referral.closed_on.is_none_or(|c| c >= date));
        open.or_else(|| episodes.iter().rposition(|e| e.referral.referral_date <= date)).unwrap_or(0)
    };

    for a in &child.assessments {
        if let Some(i) = by_id(&episodes, a.referral_id) {
            episodes[i].assessments.push(a);
        }
    }
    for p in &child.cin_plans {
        if let Some(i) = by_id(&episodes, p.referral_id) {
            episodes[i].cin_plans.push(p);
        }
    }
    let mut enquiry_episode: Vec<(Section47Id, usize)> = Vec::new();
    for s in &child.section47s {
        let referral_id = child.strategy_discussions.iter().find(|d| d.discussion_id == s.discussion_id).and_then(|d| d.referral_id);
        let i = referral_id.and_then(|id| by_id(&episodes, id)).unwrap_or_else(|| on_date(&episodes, s.started_on));
        episodes[i].section47s.push(s);
        enquiry_episode.push((s.enquiry_id, i));
    }
    let mut conference_episode: Vec<(ConferenceId, usize)> = Vec::new();
    for c in child.conferences.iter().filter(|c| c.kind == ConferenceKind::Initial) {
        let linked = c.enquiry_id.and_then(|id| enquiry_episode.iter().find(|(e, _)| *e == id)).map(|(_, i)| *i);
        let i = match (linked, c.held_on) {
            (Some(i), _) => i,
            (None, Some(held)) => on_date(&episodes, held),
            (None, None) => continue,
        };
        episodes[i].initial_conferences.push(c);
        conference_episode.push((c.conference_id, i));
    }
    for p in &child.cp_plans {
        let linked = conference_episode.iter().find(|(c, _)| *c == p.conference_id).map(|(_, i)| *i);
        let i = linked.unwrap_or_else(|| on_date(&episodes, p.started_on));
        episodes[i].cp_plans.push(p);
    }
    for e in &mut episodes {
        e.assessments.sort_by_key(|a| (a.started_on, a.assessment_id));
        e.cin_plans.sort_by_key(|p| (p.started_on, p.plan_id));
        e.section47s.sort_by_key(|s| (s.started_on, s.enquiry_id));
        e.initial_conferences.sort_by_key(|c| (c.held_on, c.conference_id));
        e.cp_plans.sort_by_key(|p| (p.started_on, p.plan_id));
    }
    episodes
}
