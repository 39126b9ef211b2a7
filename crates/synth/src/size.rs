//! How big the synthetic authority is.
//!
//! Sizes are counted in households (families) over five years of history,
//! because a household is what the generator streams. A household averages
//! about 1.9 children and 12 contacts (a minority of families, with repeat
//! police domestic-abuse notifications, make most of them), and each
//! contact about six front-door events (rating, assignment, checks,
//! decision, authorisation). Contacts include the recent intake that keeps
//! the MASH queue busy at `today` (`households::QUEUE_INTAKE`) and the
//! follow-ups of contacts closed too quickly (finding F1). Measured with
//! seed 1 (`cargo test -p hearth-synth --release -- --ignored counts`):
//!
//! | size | households | children | contacts | events | why |
//! |---|---|---|---|---|---|
//! | tiny | 40 | ~75 | ~640 | ~4,900 | fast tests; still a full caseload for `sw.demo` |
//! | small | 150 | ~290 | ~1,780 | ~13,800 | a small authority's worth of screens to click through |
//! | medium | 1,600 | ~3,050 | ~19,600 | ~150,000 | a mid-sized authority |
//! | largest | 31,500 | ~60,000 | ~412,000 (~80,000 a year) | ~3.1 million | ≈ 3% of England, as the largest authorities are (scale.md) |
//! | england | 1,039,500 | ~2 million | ~13.6 million | ~100 million | 33 × largest, for benchmarks |

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    Tiny,
    Small,
    Medium,
    Largest,
    England,
}

/// Households in the largest authority. scale.md puts the largest
/// authorities at ~3% of England: ~19,000 referrals and (at 3–5 contacts per
/// referral) 60,000–100,000 contacts a year. 31,500 households give ~60,000
/// distinct children and ~75,000 contacts a year over the five years.
const LARGEST_HOUSEHOLDS: u64 = 31_500;

/// England is about 33 largest authorities (the largest holds ~3%).
const ENGLAND_MULTIPLE: u64 = 33;

impl Size {
    pub const ALL: &'static [Size] = &[Size::Tiny, Size::Small, Size::Medium, Size::Largest, Size::England];

    /// Reads a size name as typed on the command line, in any case.
    pub fn parse(s: &str) -> Option<Size> {
        let s = s.trim();
        Size::ALL.iter().copied().find(|size| size.name().eq_ignore_ascii_case(s))
    }

    pub fn name(self) -> &'static str {
        match self {
            Size::Tiny => "tiny",
            Size::Small => "small",
            Size::Medium => "medium",
            Size::Largest => "largest",
            Size::England => "england",
        }
    }

    /// How many households the generator yields at this size.
    pub(crate) fn households(self) -> u64 {
        match self {
            Size::Tiny => 40,
            Size::Small => 150,
            Size::Medium => 1_600,
            Size::Largest => LARGEST_HOUSEHOLDS,
            Size::England => LARGEST_HOUSEHOLDS * ENGLAND_MULTIPLE,
        }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Size {
    type Err = String;

    fn from_str(s: &str) -> Result<Size, String> {
        Size::parse(s).ok_or_else(|| {
            let names: Vec<&str> = Size::ALL.iter().map(|s| s.name()).collect();
            format!("unknown size {s:?}: choose one of {}", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_by_name_in_any_case() {
        for size in Size::ALL {
            assert_eq!(Size::parse(size.name()), Some(*size));
            assert_eq!(size.name().to_uppercase().parse::<Size>(), Ok(*size));
        }
        let err = "huge".parse::<Size>().unwrap_err();
        assert!(err.contains("tiny, small, medium, largest, england"), "{err}");
    }

    #[test]
    fn sizes_grow() {
        let counts: Vec<u64> = Size::ALL.iter().map(|s| s.households()).collect();
        assert!(counts.windows(2).all(|w| w[0] < w[1]));
    }
}
