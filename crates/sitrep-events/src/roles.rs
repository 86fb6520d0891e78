//! Actors the knowledge base does not list by name, composed from their
//! words: "Senior Hungarian and Romanian officials", "the Fijian rebels",
//! "Radical French farmers", "Israeli helicopters and tanks".
//!
//! News names most participants by nationality and role rather than by a
//! name any actor list holds. A coder reads the country from the demonym
//! or country name and the PLOVER sector from the role word; this module
//! does the same with the knowledge base's own country and demonym table
//! (through [`Resolver::document_context`] on the phrase) and a role table
//! written from the PLOVER sector definitions.

use sitrep_core::Actor;

use crate::resolver::Resolver;

/// Role words → PLOVER sector, most specific first. Matched as whole
/// words on the lower-cased phrase (a trailing "s" is allowed).
const ROLES: &[(&str, &str)] = &[
    ("president", "GOV"),
    ("prime minister", "GOV"),
    ("minister", "GOV"),
    ("government", "GOV"),
    ("official", "GOV"),
    ("authorities", "GOV"),
    ("diplomat", "GOV"),
    ("ambassador", "GOV"),
    ("envoy", "GOV"),
    ("negotiator", "GOV"),
    ("leader", "GOV"),
    ("king", "GOV"),
    ("emir", "GOV"),
    ("spokesman", "GOV"),
    ("secretary", "GOV"),
    ("chancellor", "GOV"),
    ("parliament", "LEG"),
    ("assembly", "LEG"),
    ("deputies", "LEG"),
    ("lawmaker", "LEG"),
    ("senate", "LEG"),
    ("court", "JUD"),
    ("judge", "JUD"),
    ("army", "MIL"),
    ("military", "MIL"),
    ("soldier", "MIL"),
    ("officer", "MIL"),
    ("commando", "MIL"),
    ("personnel", "MIL"),
    ("troops", "MIL"),
    ("forces", "MIL"),
    ("warship", "MIL"),
    ("navy", "MIL"),
    ("helicopter", "MIL"),
    ("tank", "MIL"),
    ("jet", "MIL"),
    ("warplane", "MIL"),
    ("peacekeeper", "MIL"),
    ("junta", "MIL"),
    ("police", "COP"),
    ("policeman", "COP"),
    ("policemen", "COP"),
    // The police of France and of the states that took its model.
    ("gendarme", "COP"),
    ("suicide bomber", "UAF"),
    ("suicide attacker", "UAF"),
    ("rebel", "REB"),
    ("guerrilla", "REB"),
    ("insurgent", "REB"),
    ("militant", "REB"),
    ("militiamen", "REB"),
    ("militia", "REB"),
    ("separatist", "REB"),
    ("party", "PTY"),
    ("opposition", "OPP"),
    ("farmer", "AGR"),
    ("herder", "AGR"),
    ("shepherd", "AGR"),
    ("fisherman", "AGR"),
    ("fishermen", "AGR"),
    ("worker", "LAB"),
    ("driver", "LAB"),
    ("miner", "LAB"),
    ("union", "LAB"),
    ("student", "EDU"),
    ("pupil", "EDU"),
    ("teacher", "EDU"),
    ("trader", "BUS"),
    ("merchant", "BUS"),
    ("shopkeeper", "BUS"),
    ("refugee", "REF"),
    ("newspaper", "MED"),
    ("journalist", "MED"),
    ("fundamentalist", "REL"),
    ("cleric", "REL"),
    ("priest", "REL"),
    ("pastor", "REL"),
    ("imam", "REL"),
    ("monk", "REL"),
    ("nun", "REL"),
    ("seminarian", "REL"),
    ("worshipper", "REL"),
    ("doctor", "HLH"),
    ("nurse", "HLH"),
    ("medic", "HLH"),
    ("paramedic", "HLH"),
    ("health worker", "HLH"),
    ("aid worker", "NGO"),
    ("businessman", "BUS"),
    ("villager", "CVL"),
    ("youth", "CVL"),
    ("citizen", "CVL"),
    ("national", "CVL"),
    ("settler", "CVL"),
    ("home", "CVL"),
    // A village attacked is its people (ACLED: civilians), whoever lives
    // in it.
    ("village", "CVL"),
    ("house", "CVL"),
    ("civilian", "CVL"),
    // A person named by sex or age alone bears no arms the text tells of
    // ("a Palestinian man", "two Afghan girls"): a civilian. ("Men" is
    // left out: "armed men", "masked men" are attackers.)
    ("man", "CVL"),
    ("woman", "CVL"),
    ("women", "CVL"),
    ("boy", "CVL"),
    ("girl", "CVL"),
    ("child", "CVL"),
    ("children", "CVL"),
    ("teenager", "CVL"),
    ("teen", "CVL"),
    ("minor", "CVL"),
    ("infant", "CVL"),
    ("baby", "CVL"),
    ("resident", "CVL"),
    ("protester", "CVL"),
    ("crowd", "CVL"),
    ("demonstrator", "CVL"),
];

/// The sectors the phrase's role words name, in the table's order.
pub fn sectors(lower: &str) -> Vec<String> {
    let joined = Joined::new(space_joined(lower));
    let mut out: Vec<String> = Vec::new();
    for (role, sector) in ROLES {
        if has_word(&joined, role) && !out.iter().any(|s| s == sector) {
            out.push((*sector).to_string());
        }
    }
    owner_of_hardware(&joined, &mut out);
    out
}

/// Weapons and vehicles, whose owner the phrase names: "government
/// aircraft" are the state's armed forces (a government fights through its
/// military, PLOVER's MIL sector), "rebel tanks" are the rebels'. Some say
/// "military" on their own (the table above); "aircraft" does not — a
/// coalition's or a neighbour's fly over the country too.
const HARDWARE: &[&str] = &[
    "helicopter",
    "tank",
    "jet",
    "warplane",
    "aircraft",
    "gunship",
    "warship",
];

/// The phrase's words between single spaces, with a space at either end
/// (` a b c `), as [`has_word`] reads them.
fn space_joined(lower: &str) -> String {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!(" {} ", words.join(" "))
}

/// A space-joined phrase and the offsets of its spaces, where its words
/// start: [`has_word`] is asked about each of the ~100 role words of every
/// phrase, and looking at each space instead of each byte for each of them
/// was a fifth of the phrase work (2026-12-07: `sectors` 65M instructions
/// on the 91 benchmark pages).
struct Joined {
    text: String,
    spaces: Vec<usize>,
}

impl Joined {
    fn new(text: String) -> Joined {
        let spaces = (text.bytes().enumerate())
            .filter(|&(_, b)| b == b' ')
            .map(|(i, _)| i)
            .collect();
        Joined { text, spaces }
    }
}

/// Whether the space-joined phrase ` a b c ` has the word `w` (a trailing
/// "s" allowed): right after some space, `w`, then a space or "s ".
///
/// Looks after each space rather than building ` w ` and ` ws ` to search
/// for: called for every role word of every phrase, those two strings each
/// were most of the cost.
fn has_word(joined: &Joined, w: &str) -> bool {
    let bytes = joined.text.as_bytes();
    joined.spaces.iter().any(|&i| {
        bytes[i + 1..].starts_with(w.as_bytes())
            && matches!(&bytes[i + 1 + w.len()..], [b' ', ..] | [b's', b' ', ..])
    })
}

/// Whether the lower-cased phrase names weapons or military vehicles of
/// [`HARDWARE`] ("regime aircraft", "government helicopters").
pub fn names_hardware(lower: &str) -> bool {
    has_hardware(&Joined::new(space_joined(lower)))
}

fn has_hardware(joined: &Joined) -> bool {
    HARDWARE.iter().any(|h| has_word(joined, h))
}

fn owner_of_hardware(joined: &Joined, out: &mut Vec<String>) {
    if !has_hardware(joined) {
        return;
    }
    if out.iter().any(|s| s == "GOV") {
        out.retain(|s| s != "GOV" && s != "MIL");
        out.insert(0, "MIL".to_string());
    } else if out
        .iter()
        .any(|s| matches!(s.as_str(), "REB" | "UAF" | "COP"))
    {
        out.retain(|s| s != "MIL");
    }
}

/// Actors composed from a phrase the knowledge base could not name: one per
/// country the phrase mentions (at most two: "Hungarian and Romanian
/// officials"), each with the sectors of its role words. `None` when the
/// phrase names no country or no role — "the breadth" is nobody.
pub fn compose(resolver: &dyn Resolver, text: &str) -> Option<Vec<Actor>> {
    let lower = text.to_lowercase();
    let sectors = sectors(&lower);
    if sectors.is_empty() {
        return None;
    }
    let ctx = resolver.document_context(text);
    // The phrase's strongest countries (heaviest first): a country it names
    // outweighs one that a town's namesake elsewhere suggests ("the tanks …
    // near Palmyra, Syria" are not also Colombia's, for a Palmira there);
    // two named equally are both kept ("Hungarian and Romanian officials").
    let top = ctx.countries.first()?.1;
    Some(
        ctx.countries
            .iter()
            .take_while(|&&(_, w)| w >= top)
            .take(2)
            .map(|(iso3, _)| Actor {
                text: text.to_string(),
                country: Some(iso3.clone()),
                sector: sectors.clone(),
                ..Default::default()
            })
            .collect(),
    )
}

/// PLOVER sectors of armed actors: military, police, rebels, unidentified
/// armed groups, pro-government militias.
pub fn armed_sector(s: &str) -> bool {
    matches!(s, "MIL" | "COP" | "REB" | "UAF" | "PRM")
}

/// PLOVER sectors of people who bear no arms: civilians, students,
/// journalists, refugees, farmers, workers, clergy, business people,
/// health and aid workers. Harmed, they are the codebook's civilians.
pub fn unarmed_sector(s: &str) -> bool {
    matches!(
        s,
        "CVL" | "EDU" | "MED" | "REF" | "AGR" | "LAB" | "REL" | "BUS" | "HLH" | "NGO"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The scan finds what searching for ` w ` and ` ws ` finds.
        #[test]
        fn has_word_is_the_two_searches(
            words in proptest::collection::vec(
                prop::sample::select(vec!["a", "s", "tank", "tanks", "tankss", "ṡ", " ", "", "a s"]),
                0..8,
            ),
            w in prop::sample::select(vec!["a", "tank", "tanks", "s", "a s", ""]),
        ) {
            let joined = format!(" {} ", words.join(" "));
            let old = joined.contains(&format!(" {w} ")) || joined.contains(&format!(" {w}s "));
            prop_assert_eq!(has_word(&Joined::new(joined), w), old);
        }
    }

    #[test]
    fn role_words_give_sectors() {
        assert_eq!(sectors("senior hungarian and romanian officials"), ["GOV"]);
        assert_eq!(sectors("the fijian rebels"), ["REB"]);
        assert_eq!(sectors("israeli helicopters and tanks"), ["MIL"]);
        assert!(sectors("the breadth of the offer").is_empty());
        // Hardware is its owner's: the state's army, the rebels' own.
        assert_eq!(sectors("government aircraft"), ["MIL"]);
        assert_eq!(sectors("junta jets"), ["MIL"]);
        assert_eq!(sectors("rebel tanks"), ["REB"]);
        assert_eq!(sectors("police helicopters"), ["COP"]);
    }
}
