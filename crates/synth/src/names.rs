//! Invented people: names of varied heritage and the ethnicity they go with.
//!
//! Names are drawn from short lists of common given and family names, so a
//! synthetic person is never a real one (no real record is ever used or
//! sampled). A family's ethnicity is drawn first and its names from the
//! matching heritage, so a caseload reads like a real English town's.

use crate::rng::Rng;
use hearth_domain::codes::{Ethnicity, Sex};
use hearth_domain::people::PersonName;

/// A heritage: the name lists a family's names are drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Heritage {
    British,
    Irish,
    SouthAsianMuslim,
    Indian,
    WestAfrican,
    Caribbean,
    EastAfrican,
    EastEuropean,
    EastAsian,
    MiddleEastern,
}

struct Pool {
    girls: &'static [&'static str],
    boys: &'static [&'static str],
    women: &'static [&'static str],
    men: &'static [&'static str],
    family: &'static [&'static str],
}

const BRITISH: Pool = Pool {
    girls: &[
        "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Florence", "Grace", "Poppy", "Evie", "Ruby",
        "Ellie", "Chloe", "Sophie", "Millie", "Daisy", "Harper", "Willow", "Rosie", "Phoebe", "Erin", "Megan",
        "Jessica", "Holly", "Lacey", "Skye", "Maisie", "Summer",
    ],
    boys: &[
        "Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Theo", "Jack", "Charlie", "Freddie", "Alfie",
        "Archie", "Henry", "Tommy", "Jacob", "Riley", "Mason", "Tyler", "Kai", "Logan", "Ethan", "Lewis", "Callum",
        "Jayden", "Bobby", "Reggie", "Dylan", "Harvey", "Louie",
    ],
    women: &[
        "Sarah",
        "Emma",
        "Laura",
        "Gemma",
        "Kelly",
        "Leanne",
        "Stacey",
        "Hayley",
        "Claire",
        "Nicola",
        "Rebecca",
        "Amy",
        "Danielle",
        "Jade",
        "Kirsty",
        "Lisa",
        "Michelle",
        "Natalie",
        "Charlotte",
        "Katie",
        "Zoe",
        "Lauren",
        "Samantha",
        "Jodie",
    ],
    men: &[
        "Daniel",
        "James",
        "Mark",
        "Paul",
        "Lee",
        "Craig",
        "Darren",
        "Wayne",
        "Jamie",
        "Ryan",
        "Scott",
        "Steven",
        "Matthew",
        "Michael",
        "Christopher",
        "Ashley",
        "Dean",
        "Gary",
        "Kieran",
        "Liam",
        "Adam",
        "Carl",
        "Shaun",
        "Jason",
    ],
    family: &[
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts",
        "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris",
        "Clarke", "Jackson", "Wood", "Turner", "Hill", "Cooper", "Ward", "Morris", "Moore", "King", "Watson", "Baker",
        "Harrison", "Morgan", "Mitchell", "Bennett", "Carter", "Shaw", "Marshall", "Holmes", "Barker", "Webb",
        "Parker", "Price", "Lloyd", "Bailey", "Fletcher", "Atkinson",
    ],
};

const IRISH: Pool = Pool {
    girls: &[
        "Aoife", "Niamh", "Siobhan", "Roisin", "Ciara", "Orla", "Bridget", "Caitlin", "Saoirse", "Grainne", "Mary",
        "Nora",
    ],
    boys: &[
        "Patrick", "Sean", "Ciaran", "Declan", "Connor", "Cian", "Eoin", "Liam", "Michael", "Johnny", "Padraig", "Finn",
    ],
    women: &["Mary", "Kathleen", "Bridget", "Siobhan", "Margaret", "Eileen", "Sinead", "Aisling"],
    men: &["Patrick", "John", "Michael", "Sean", "Martin", "Thomas", "Brendan", "Kevin"],
    family: &[
        "Murphy",
        "Kelly",
        "O'Brien",
        "Byrne",
        "Ryan",
        "O'Connor",
        "Walsh",
        "McCarthy",
        "Doyle",
        "Gallagher",
        "Quinn",
        "Brennan",
        "Donovan",
        "McDonagh",
        "Kavanagh",
        "Doherty",
    ],
};

const SOUTH_ASIAN_MUSLIM: Pool = Pool {
    girls: &[
        "Aisha", "Fatima", "Maryam", "Zainab", "Ayesha", "Hafsa", "Amina", "Sana", "Inaya", "Anaya", "Safa", "Khadija",
        "Sumaiya", "Hania", "Eman",
    ],
    boys: &[
        "Muhammad", "Mohammed", "Ibrahim", "Yusuf", "Omar", "Ali", "Hassan", "Bilal", "Hamza", "Zain", "Ayaan",
        "Rayyan", "Musa", "Idris", "Zakariya",
    ],
    women: &[
        "Nadia", "Yasmin", "Samira", "Rukhsana", "Shabana", "Nusrat", "Tahmina", "Farzana", "Shazia", "Salma", "Rehana",
    ],
    men: &["Imran", "Tariq", "Rahim", "Shahid", "Faisal", "Abdul", "Arif", "Kamran", "Asif", "Nadeem", "Jamal"],
    family: &[
        "Khan",
        "Ahmed",
        "Ali",
        "Hussain",
        "Begum",
        "Iqbal",
        "Rahman",
        "Akhtar",
        "Mahmood",
        "Miah",
        "Uddin",
        "Islam",
        "Chowdhury",
        "Aziz",
        "Malik",
        "Butt",
        "Raza",
        "Siddiqui",
    ],
};

const INDIAN: Pool = Pool {
    girls: &[
        "Priya", "Simran", "Jasmine", "Riya", "Diya", "Aanya", "Meera", "Anika", "Ishani", "Navya", "Kiran", "Asha",
    ],
    boys: &["Arjun", "Rohan", "Aarav", "Vivaan", "Dev", "Kiran", "Nikhil", "Ishaan", "Krish", "Jai", "Sahil", "Ravi"],
    women: &["Anjali", "Sunita", "Kavita", "Harleen", "Navneet", "Pooja", "Neha", "Rupinder", "Manjit", "Sonia"],
    men: &["Vikram", "Sanjay", "Amit", "Rajesh", "Harpreet", "Gurpreet", "Jaspal", "Sunil", "Ashok", "Manoj"],
    family: &[
        "Patel", "Singh", "Kaur", "Sharma", "Gill", "Sandhu", "Mistry", "Desai", "Joshi", "Kumar", "Chauhan", "Parmar",
        "Dhillon", "Sidhu", "Mehta",
    ],
};

const WEST_AFRICAN: Pool = Pool {
    girls: &[
        "Amara", "Adaeze", "Chiamaka", "Abena", "Ama", "Efua", "Blessing", "Precious", "Temitope", "Zara", "Nia",
        "Adwoa", "Ifeoma", "Chioma", "Favour",
    ],
    boys: &[
        "Kofi", "Kwame", "Chinedu", "Emeka", "Tobi", "David", "Samuel", "Daniel", "Joshua", "Emmanuel", "Obinna",
        "Femi", "Yaw", "Kojo", "Ebuka",
    ],
    women: &["Ngozi", "Folake", "Grace", "Comfort", "Funmilayo", "Esi", "Adenike", "Yetunde", "Akosua", "Patience"],
    men: &["Kwabena", "Oluwaseun", "Tunde", "Kayode", "Ade", "Chukwudi", "Kwesi", "Babatunde", "Godfrey", "Ikenna"],
    family: &[
        "Okafor", "Mensah", "Adeyemi", "Osei", "Boateng", "Owusu", "Asante", "Okonkwo", "Adebayo", "Oladipo", "Nwosu",
        "Eze", "Appiah", "Agyeman", "Balogun", "Ogunleye", "Obi", "Danso",
    ],
};

const CARIBBEAN: Pool = Pool {
    girls: &[
        "Aaliyah", "Imani", "Jada", "Tia", "Naomi", "Kezia", "Amani", "Serena", "Destiny", "Jasmine", "Nyla", "Shania",
    ],
    boys: &[
        "Malachi",
        "Isaiah",
        "Elijah",
        "Zion",
        "Reuben",
        "Josiah",
        "Nathaniel",
        "Tyrell",
        "Kyrie",
        "Jaden",
        "Marley",
        "Kaiden",
    ],
    women: &["Shanice", "Keisha", "Tanisha", "Chantelle", "Marcia", "Donna", "Janelle", "Simone", "Paulette", "Sharon"],
    men: &["Jermaine", "Tyrone", "Marcus", "Andre", "Dwayne", "Jahmal", "Jerome", "Leon", "Delroy", "Winston"],
    family: &[
        "Campbell", "Brown", "Williams", "Thompson", "Clarke", "Grant", "Francis", "Morgan", "Henry", "Richards",
        "Gordon", "Reid", "Stewart", "Douglas", "Barrett", "Samuels",
    ],
};

const EAST_AFRICAN: Pool = Pool {
    girls: &["Hodan", "Ayan", "Hibaq", "Sagal", "Ifrah", "Hanna", "Selam", "Meron", "Saba", "Nasteho", "Ruth", "Liya"],
    boys: &[
        "Abdi",
        "Mahad",
        "Liban",
        "Bereket",
        "Dawit",
        "Yonas",
        "Samuel",
        "Abdirahman",
        "Khalid",
        "Nahom",
        "Ayub",
        "Hamse",
    ],
    women: &["Faduma", "Nasra", "Amran", "Hawa", "Zamzam", "Tigist", "Helen", "Mulu"],
    men: &["Mohamed", "Ahmed", "Yusuf", "Abdullahi", "Hassan", "Tesfaye", "Mesfin", "Ismail"],
    family: &[
        "Mohamed",
        "Abdi",
        "Hassan",
        "Farah",
        "Ali",
        "Hussein",
        "Warsame",
        "Osman",
        "Tesfaye",
        "Haile",
        "Bekele",
        "Gebremedhin",
        "Yusuf",
        "Omar",
    ],
};

const EAST_EUROPEAN: Pool = Pool {
    girls: &[
        "Zofia", "Julia", "Maja", "Natalia", "Ioana", "Elena", "Andreea", "Daria", "Ieva", "Greta", "Amelia", "Lena",
    ],
    boys: &[
        "Jakub",
        "Mateusz",
        "Kacper",
        "Szymon",
        "Andrei",
        "Alexandru",
        "Mihai",
        "Lukas",
        "Matas",
        "Nikola",
        "Filip",
        "Oliwer",
    ],
    women: &["Agnieszka", "Katarzyna", "Monika", "Anna", "Maria", "Ana", "Anastasia", "Viktoria", "Irina", "Simona"],
    men: &["Piotr", "Tomasz", "Marcin", "Pawel", "Ionut", "Florin", "Dmitri", "Adrian", "Mindaugas", "Bogdan"],
    family: &[
        "Nowak",
        "Kowalski",
        "Wisniewski",
        "Wojcik",
        "Kaminski",
        "Lewandowski",
        "Popescu",
        "Ionescu",
        "Popa",
        "Stan",
        "Dumitru",
        "Kazlauskas",
        "Petrauskas",
        "Horvath",
        "Novak",
        "Balan",
    ],
};

const EAST_ASIAN: Pool = Pool {
    girls: &["Mei", "Lin", "Xin", "Yan", "Jing", "Anh", "Linh", "Thao", "Mai", "Hoa", "Yu", "Ling"],
    boys: &["Wei", "Jun", "Hao", "Ming", "Lei", "Minh", "Duc", "Tuan", "Long", "Bao", "Kai", "Yi"],
    women: &["Hui", "Li", "Xiu", "Huong", "Lan", "Ying", "Thu", "Hong"],
    men: &["Chen", "Jian", "Gang", "Hung", "Thanh", "Quang", "Bo", "Feng"],
    family: &["Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Wong", "Lam", "Nguyen", "Tran", "Pham", "Le"],
};

const MIDDLE_EASTERN: Pool = Pool {
    girls: &["Layla", "Noor", "Yara", "Zahra", "Maryam", "Leila", "Rania", "Lana", "Sara", "Dania", "Hana", "Ava"],
    boys: &["Omar", "Karim", "Adam", "Amir", "Yousef", "Rami", "Ali", "Zaid", "Aryan", "Hadi", "Kian", "Sami"],
    women: &["Rana", "Dina", "Hiba", "Shirin", "Parisa", "Nasrin", "Samar", "Huda"],
    men: &["Ahmad", "Hassan", "Reza", "Dara", "Kawa", "Samir", "Mustafa", "Khalil"],
    family: &[
        "Haddad", "Karimi", "Rahimi", "Hosseini", "Ahmadi", "Mahmoud", "Saleh", "Aziz", "Rashid", "Nasser", "Jaber",
        "Mustafa",
    ],
};

fn pool(h: Heritage) -> &'static Pool {
    match h {
        Heritage::British => &BRITISH,
        Heritage::Irish => &IRISH,
        Heritage::SouthAsianMuslim => &SOUTH_ASIAN_MUSLIM,
        Heritage::Indian => &INDIAN,
        Heritage::WestAfrican => &WEST_AFRICAN,
        Heritage::Caribbean => &CARIBBEAN,
        Heritage::EastAfrican => &EAST_AFRICAN,
        Heritage::EastEuropean => &EAST_EUROPEAN,
        Heritage::EastAsian => &EAST_ASIAN,
        Heritage::MiddleEastern => &MIDDLE_EASTERN,
    }
}

/// Ethnicity of children in need, per thousand. Rounded from the shape of
/// the DfE children in need census (about two thirds White British, mixed
/// heritage over-represented relative to the child population at ~11%,
/// Black and Asian children ~8% each, a few percent not yet obtained).
pub(crate) const ETHNICITY: &[(Ethnicity, u32)] = &[
    (Ethnicity::WhiteBritish, 600),
    (Ethnicity::WhiteIrish, 4),
    (Ethnicity::TravellerOfIrishHeritage, 6),
    (Ethnicity::AnyOtherWhite, 60),
    (Ethnicity::GypsyRoma, 10),
    (Ethnicity::WhiteAndBlackCaribbean, 35),
    (Ethnicity::WhiteAndBlackAfrican, 15),
    (Ethnicity::WhiteAndAsian, 20),
    (Ethnicity::AnyOtherMixed, 35),
    (Ethnicity::Indian, 15),
    (Ethnicity::Pakistani, 35),
    (Ethnicity::Bangladeshi, 15),
    (Ethnicity::AnyOtherAsian, 20),
    (Ethnicity::Caribbean, 15),
    (Ethnicity::African, 45),
    (Ethnicity::AnyOtherBlack, 15),
    (Ethnicity::Chinese, 3),
    (Ethnicity::AnyOtherEthnicGroup, 30),
    (Ethnicity::Refused, 5),
    (Ethnicity::NotYetObtained, 17),
];

/// The heritages a family's names come from: the mother's side, the
/// father's side (different for mixed-heritage families).
pub(crate) fn heritages(e: Ethnicity, rng: &mut Rng) -> (Heritage, Heritage) {
    use Heritage as H;
    let same = |h| (h, h);
    match e {
        Ethnicity::WhiteBritish | Ethnicity::Refused | Ethnicity::NotYetObtained => same(H::British),
        Ethnicity::WhiteIrish | Ethnicity::TravellerOfIrishHeritage => same(H::Irish),
        Ethnicity::AnyOtherWhite | Ethnicity::GypsyRoma => same(H::EastEuropean),
        Ethnicity::WhiteAndBlackCaribbean => (H::British, H::Caribbean),
        Ethnicity::WhiteAndBlackAfrican => (H::British, H::WestAfrican),
        Ethnicity::WhiteAndAsian => (H::British, if rng.chance(0.5) { H::Indian } else { H::SouthAsianMuslim }),
        Ethnicity::AnyOtherMixed => {
            (H::British, rng.pick(&[H::MiddleEastern, H::EastAsian, H::EastEuropean, H::Caribbean]))
        }
        Ethnicity::Indian => same(H::Indian),
        Ethnicity::Pakistani | Ethnicity::Bangladeshi => same(H::SouthAsianMuslim),
        Ethnicity::AnyOtherAsian => same(if rng.chance(0.5) { H::MiddleEastern } else { H::Indian }),
        Ethnicity::Caribbean => same(H::Caribbean),
        Ethnicity::African => same(if rng.chance(0.6) { H::WestAfrican } else { H::EastAfrican }),
        Ethnicity::AnyOtherBlack => same(if rng.chance(0.5) { H::WestAfrican } else { H::Caribbean }),
        Ethnicity::Chinese => same(H::EastAsian),
        Ethnicity::AnyOtherEthnicGroup => same(H::MiddleEastern),
    }
}

pub(crate) fn family_name(h: Heritage, rng: &mut Rng) -> String {
    rng.pick(pool(h).family).to_string()
}

/// A child's given name. Children of unknown sex take either list.
pub(crate) fn child_given(h: Heritage, sex: Sex, rng: &mut Rng) -> String {
    let p = pool(h);
    let girl = match sex {
        Sex::Female => true,
        Sex::Male => false,
        Sex::Unknown => rng.chance(0.5),
    };
    rng.pick(if girl { p.girls } else { p.boys }).to_string()
}

/// An adult's given name: a generation older than the children's lists.
pub(crate) fn adult_given(h: Heritage, female: bool, rng: &mut Rng) -> String {
    let p = pool(h);
    rng.pick(if female { p.women } else { p.men }).to_string()
}

pub(crate) fn name(given: String, family: String) -> PersonName {
    PersonName { given, family, other: None }
}

/// Heritage of staff names: the workforce is more mixed than the caseload,
/// and drawn separately so staff and families rarely share a name.
pub(crate) const STAFF_HERITAGE: &[(Heritage, u32)] = &[
    (Heritage::British, 62),
    (Heritage::Irish, 5),
    (Heritage::SouthAsianMuslim, 6),
    (Heritage::Indian, 6),
    (Heritage::WestAfrican, 9),
    (Heritage::Caribbean, 5),
    (Heritage::EastAfrican, 1),
    (Heritage::EastEuropean, 3),
    (Heritage::EastAsian, 1),
    (Heritage::MiddleEastern, 2),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pool_has_names_of_every_kind() {
        use Heritage as H;
        for h in [
            H::British,
            H::Irish,
            H::SouthAsianMuslim,
            H::Indian,
            H::WestAfrican,
            H::Caribbean,
            H::EastAfrican,
            H::EastEuropean,
            H::EastAsian,
            H::MiddleEastern,
        ] {
            let p = pool(h);
            for list in [p.girls, p.boys, p.women, p.men, p.family] {
                assert!(!list.is_empty());
                assert!(list.iter().all(|n| !n.trim().is_empty() && n.len() < 40));
            }
        }
    }

    #[test]
    fn ethnicity_weights_cover_every_code_once() {
        let total: u32 = ETHNICITY.iter().map(|(_, w)| w).sum();
        assert_eq!(total, 1000);
        assert_eq!(ETHNICITY.len(), Ethnicity::ALL.len());
    }
}
