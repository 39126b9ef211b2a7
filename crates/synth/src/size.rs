//! How big the synthetic authority is.
//!
//! Sizes are counted in households (families) over five years of history,
//! because a household is what the generator streams. A household averages
//! about two children and a dozen contacts (police domestic-abuse
//! notifications repeat), so:
//!
//! | size | households | children (≈) | why |
//! |---|---|---|---|
//! | tiny | 40 | 80 | fast tests; still a believable caseload for `sw.demo` |
//! | small | 150 | 300 | a small unitary authority's worth of screens to click through |
//! | medium | 1,500 | 3,000 | a mid-sized authority |
//! | largest | 30,000 | 60,000 | ≈ 3% of England (scale.md: ~19k referrals and 60k–100k contacts a year in the largest authorities) |
//! | england | 990,000 | 2 million | 33 × largest: all 153 authorities, for benchmarks |

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
/// referral) ~75,000 contacts a year. Thirty thousand households with about
/// two children each give ~60,000 distinct children and ~75,000 contacts a
/// year over the five years.
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
