//! Reviews rules: the review date and the child's participation, which
//! must fit the child's age (PN0 is for children under four); children
//! only ever on short breaks have no reviews (nor motherhood details).

use super::{Context, Findings, Rule, birthday, blank, is_one_of, rule};
use crate::ssda903::model::Ssda903;
use std::collections::HashSet;

pub(super) const RULES: &[Rule] = &[
    rule!("166", r_166, "Date of review is invalid or blank."),
    rule!("167", r_167, "Data entry for participation is invalid or blank."),
    rule!(
        "440",
        r_440,
        "Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over."
    ),
    rule!(
        "441",
        r_441,
        "Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old."
    ),
    rule!(
        "399",
        r_399,
        "Mother field, review field or participation field are completed but child is looked after under legal status V3 or V4."
    ),
];

const REVIEW_CODE: &[&str] = &["PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"];

fn r_166(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, r) in t.reviews.iter().enumerate() {
        if r.review.is_none() {
            f.row(&r.child, "Reviews", i, "REVIEW");
        }
    }
}

fn r_167(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, r) in t.reviews.iter().enumerate() {
        if !is_one_of(&r.review_code, REVIEW_CODE) {
            f.row(&r.child, "Reviews", i, "REVIEW_CODE");
        }
    }
}

fn r_440(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, r) in t.reviews.iter().enumerate() {
        if is_one_of(&r.review_code, &["PN0"])
            && let (Some(review), Some(dob)) = (r.review, r.dob)
            && review > birthday(dob, 4)
        {
            f.row(&r.child, "Reviews", i, "REVIEW_CODE");
        }
    }
}

fn r_441(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, r) in t.reviews.iter().enumerate() {
        if is_one_of(&r.review_code, &REVIEW_CODE[1..])
            && let (Some(review), Some(dob)) = (r.review, r.dob)
            && review < birthday(dob, 4)
        {
            f.row(&r.child, "Reviews", i, "REVIEW_CODE");
        }
    }
}

/// Children all of whose episodes are short breaks (V3, V4).
fn only_short_breaks(t: &Ssda903) -> HashSet<&str> {
    let other: HashSet<&str> = t.episodes.iter().filter(|e| !is_one_of(&e.ls, &["V3", "V4"])).map(|e| e.child.as_str()).collect();
    t.episodes.iter().map(|e| e.child.as_str()).filter(|c| !other.contains(c)).collect()
}

fn r_399(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let short_breaks = only_short_breaks(t);
    for (i, h) in t.header.iter().enumerate() {
        if short_breaks.contains(h.child.as_str()) && !blank(&h.mother) {
            f.row(&h.child, "Header", i, "MOTHER");
        }
    }
    for (i, r) in t.reviews.iter().enumerate() {
        if short_breaks.contains(r.child.as_str()) && (r.review.is_some() || !blank(&r.review_code)) {
            f.row(&r.child, "Reviews", i, "REVIEW");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    fn review(child: &str, date: &str, code: &str) -> ReviewRow {
        ReviewRow { child: child.into(), dob: d("01/06/2021"), review: d(date), review_code: if code.is_empty() { None } else { s(code) } }
    }

    #[test]
    fn reviews() {
        let t = Ssda903 {
            reviews: vec![
                review("A", "", "PN0"),
                review("B", "01/06/2025", ""),
                review("C", "02/06/2025", "PN0"),
                review("D", "31/05/2025", "PN1"),
                review("E", "01/06/2025", "PN0"),
                review("F", "01/06/2025", "PN1"),
            ],
            ..Default::default()
        };
        assert_eq!(check("166", &t), at(&[("A", "Reviews row 1, REVIEW")]));
        assert_eq!(check("167", &t), at(&[("B", "Reviews row 2, REVIEW_CODE")]));
        assert_eq!(check("440", &t), at(&[("C", "Reviews row 3, REVIEW_CODE")]));
        assert_eq!(check("441", &t), at(&[("D", "Reviews row 4, REVIEW_CODE")]));
    }

    #[test]
    fn r399_no_reviews_or_mother_for_short_breaks() {
        let short = |c: &str| {
            let mut e = episode(c, "01/05/2025", "03/05/2025");
            e.ls = s("V3");
            e
        };
        let mut mother = header("A", "01/01/2008");
        mother.mother = s("0");
        let mut b_mother = header("B", "01/01/2008");
        b_mother.mother = s("0");
        let t = Ssda903 {
            header: vec![mother, b_mother],
            episodes: vec![short("A"), short("B"), episode("B", "01/06/2025", "")],
            reviews: vec![review("A", "01/06/2025", "PN1"), review("B", "01/06/2025", "PN1")],
            ..Default::default()
        };
        assert_eq!(check("399", &t), at(&[("A", "Header row 1, MOTHER"), ("A", "Reviews row 1, REVIEW")]));
    }
}
