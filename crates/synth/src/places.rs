//! Invented places: the county of Hearthshire, its town Hearthton and the
//! neighbouring (equally fictional) towns, streets and postcodes.
//!
//! Postcodes use the area "HT", which Royal Mail does not use, so a
//! synthetic address can never be a real one; they still have the real
//! shape (outward HT1–HT9, inward digit and two letters) so they pass the
//! same checks as a real address.

use crate::rng::Rng;
use hearth_domain::people::Address;

/// A town and the postcode districts it covers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Town {
    pub(crate) name: &'static str,
    districts: &'static [u8],
}

/// Hearthton is the county town; about half the families live there.
pub(crate) const TOWNS: &[(Town, u32)] = &[
    (Town { name: "Hearthton", districts: &[1, 2, 3, 4] }, 50),
    (Town { name: "Kindlewick", districts: &[5] }, 12),
    (Town { name: "Emberdale", districts: &[6] }, 12),
    (Town { name: "Flintholme", districts: &[7] }, 10),
    (Town { name: "Ashby Hearth", districts: &[8] }, 8),
    (Town { name: "Grateford", districts: &[9] }, 8),
];

/// Localities that give teams their names.
pub(crate) const LOCALITIES: &[&str] = &[
    "Hearthton North",
    "Hearthton South",
    "Hearthton Central",
    "Kindlewick",
    "Emberdale",
    "Flintholme",
    "Ashby Hearth",
    "Grateford",
];

const STREET_FIRST: &[&str] = &[
    "Ember",
    "Kindle",
    "Flint",
    "Tinder",
    "Bellows",
    "Foundry",
    "Forge",
    "Copper",
    "Larch",
    "Rowan",
    "Willow",
    "Hawthorn",
    "Alder",
    "Hazel",
    "Beech",
    "Chestnut",
    "Holly",
    "Meadow",
    "Mill",
    "Chapel",
    "Station",
    "Orchard",
    "Brook",
    "Canal",
    "Quarry",
    "Kiln",
    "Weavers",
    "Brickfield",
    "Cinder",
    "Ashgrove",
    "Hearthfield",
    "Lantern",
    "Spindle",
    "Tannery",
    "Furnace",
    "Hob",
];

const STREET_KIND: &[&str] = &[
    "Road", "Street", "Lane", "Close", "Avenue", "Way", "Crescent", "Grove", "Terrace", "Drive", "Walk", "Rise",
    "Gardens", "View",
];

const BUILDING_KIND: &[&str] = &["Court", "House", "Heights", "Mews"];

/// Letters Royal Mail uses in the inward code (never C, I, K, M, O or V).
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

pub(crate) fn town(rng: &mut Rng) -> Town {
    rng.weighted(TOWNS)
}

pub(crate) fn street(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(STREET_FIRST), rng.pick(STREET_KIND))
}

pub(crate) fn postcode(town: Town, rng: &mut Rng) -> String {
    let district = rng.pick(town.districts);
    let sector = rng.range(1, 9);
    let a = rng.pick(INWARD_LETTERS) as char;
    let b = rng.pick(INWARD_LETTERS) as char;
    format!("HT{district} {sector}{a}{b}")
}

/// A home: a house on a street, or (a third of the time) a flat in a block.
pub(crate) fn address(rng: &mut Rng) -> Address {
    let town = town(rng);
    let street = street(rng);
    let (line1, line2) = if rng.chance(0.33) {
        let block = format!("{} {}", rng.pick(STREET_FIRST), rng.pick(BUILDING_KIND));
        (format!("Flat {}, {block}", rng.range(1, 48)), Some(street))
    } else {
        (format!("{} {street}", rng.range(1, 180)), None)
    };
    Address { line1, line2, town: town.name.to_string(), postcode: postcode(town, rng) }
}

pub(crate) fn any_town(rng: &mut Rng) -> &'static str {
    rng.weighted(TOWNS).name
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_domain::events::valid_postcode;

    #[test]
    fn postcodes_are_fictional_and_well_formed() {
        let mut rng = Rng::new(3);
        for _ in 0..2_000 {
            let a = address(&mut rng);
            assert!(valid_postcode(&a.postcode), "{}", a.postcode);
            assert!(a.postcode.starts_with("HT"));
            let district = a.postcode.as_bytes()[2];
            assert!((b'1'..=b'9').contains(&district));
            assert_eq!(a.postcode.len(), 7);
        }
    }
}
