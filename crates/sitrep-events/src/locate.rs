//! Where an event happened, when its clause names no place the parse ties
//! to the verb: the place phrases of the sentence, then of the paragraph
//! before it, then the story's dateline.
//!
//! Why a reader of its own beside the parse: reports put the place at the
//! end, after the participants and the toll ("…, killing 3 soldiers, in
//! Chimtal district, Balkh"), or hang it on a noun ("a house in Rafah",
//! "protesters in Nairobi"), and the parser attaches such phrases to
//! whatever is nearest. A place phrase has a shape of its own — a locative
//! preposition or a level word ("district", "province") next to a
//! capitalised name, perhaps with its province after a comma — that holds
//! in any register; the knowledge base then says whether the name is a
//! place. Only phrases of that shape are read, so persons and groups named
//! after a preposition ("by Taliban militants") are not looked up.

use sitrep_core::Token;

/// Prepositions that put what follows at a place. "from" and "to" are left
/// out: they name where people or things come from or go, not where the
/// event is.
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    // At sea near a coast: "a tanker off Hodeidah".
    "off",
    "outside",
    "around",
    "inside",
    "across",
    "into",
    "on",
    "within",
    "along",
    "throughout",
    "through",
    "of",
    "toward",
    "towards",
    "between",
];

/// Words after "of" that make it locative: "the city of X", "the
/// outskirts of X", "north of X", "the Sheikh Jalal area of X district".
const OF_HEADS: &[&str] = &[
    "residents",
    "inhabitants",
    "people",
    "city",
    "town",
    "village",
    "area",
    "areas",
    "outskirts",
    "vicinity",
    "suburbs",
    "suburb",
    "limits",
    "centre",
    "center",
    "province",
    "district",
    "governorate",
    "region",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "countryside",
    "part",
    "parts",
    "heart",
    "capital",
    "port",
    "neighbourhood",
    "neighborhood",
    "camp",
];

/// Words that say a name is a place and at which level ("Nahrin district",
/// "Herat city"); read by the knowledge base's phrase parser too.
const LEVEL: &[&str] = &[
    "district",
    "districts",
    "province",
    "provinces",
    "governorate",
    "region",
    "county",
    "oblast",
    "city",
    "town",
    "village",
    "area",
    "camp",
    "neighbourhood",
    "neighborhood",
    "state",
    "territory",
    "center",
    "centre",
    "township",
    "townships",
    "slum",
    "commune",
    "island",
    // Francophone departments and prefectures, municipalities (more in
    // `LOCAL_LEVELS`).
    "department",
    "prefecture",
    "municipality",
];

/// Administrative levels by their local names, which the gazetteer's names
/// do not carry (looked up by the place's own name, as [`PLACE_ONLY`]):
/// Mali's cercles, Ukraine's raions and hromadas, South Asia's tehsils and
/// upazilas, Ethiopia's woredas, Nigeria's local government areas.
const LOCAL_LEVELS: &[&str] = &[
    "cercle",
    "raion",
    "rayon",
    "hromada",
    "tehsil",
    "upazila",
    "woreda",
    "lga",
    "subdistrict",
];

/// A level word ([`LEVEL`] or [`LOCAL_LEVELS`]).
fn is_level(w: &str) -> bool {
    LEVEL.contains(&w) || LOCAL_LEVELS.contains(&w)
}

/// A level word left out of the name looked up ([`PLACE_ONLY`] or
/// [`LOCAL_LEVELS`]).
fn is_place_only(w: &str) -> bool {
    PLACE_ONLY.contains(&w) || LOCAL_LEVELS.contains(&w)
}

/// Level words that say "a place" but name no level the knowledge base
/// knows: read as a level, left out of the name looked up ("the Kibera
/// slum" is looked up as Kibera, "Kanpetlet township" — Myanmar's
/// district — as Kanpetlet).
const PLACE_ONLY: &[&str] = &[
    "area",
    "areas",
    "center",
    "centre",
    "township",
    "townships",
    "slum",
    "commune",
    "island",
];

/// Words for a road, which two place names joined by a hyphen may name.
const ROAD: &[&str] = &["road", "highway", "expressway", "motorway", "axis", "route"];

/// Words that may sit inside a place name between capitalised words
/// ("Dahana i Ghuri", "Deir ez-Zor", "Bab al-Hawa", "Dar es Salaam").
const NAME_PARTICLES: &[&str] = &[
    "al", "el", "ad", "ash", "as", "at", "az", "ar", "an", "ez", "es", "ed", "e", "i", "ye", "de",
    "du", "la", "le", "bin", "ibn", "ul", "au", "aux", "sur", "en", "des", "da", "do", "dos",
    "das", "del", "della", "di", "los", "las", "-",
];

/// Particles that are English words too.
const ENGLISH_PARTICLES: &[&str] = &["at", "as", "an", "en", "e", "i", "a", "do"];

/// Adjectives of part that may stand between a preposition and a name:
/// "in northern Syria", "through central Lahore".
const PART_OF: &[&str] = &[
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "downtown",
    "rural",
    "greater",
];

/// Facilities a town's name is given to ("Kabul airport", "Abha
/// International Airport", "Mosul University"): the name that modifies
/// them is where they are, so it is a place even before a noun.
const FACILITY: &[&str] = &[
    "airport",
    "airbase",
    "university",
    "prison",
    "jail",
    "hospital",
    "stadium",
];

/// Words that may follow a place name: closed-class words and punctuation.
/// A name followed by any other lower-case word modifies it ("in Taliban
/// attacks", "in Afghan forces' custody") and is not a place.
const AFTER_NAME: &[&str] = &[
    "on",
    "in",
    "at",
    "and",
    "or",
    "as",
    "after",
    "before",
    "when",
    "while",
    "where",
    "which",
    "that",
    "who",
    "during",
    "since",
    "until",
    "near",
    "of",
    "to",
    "from",
    "by",
    "with",
    "for",
    "late",
    "early",
    "last",
    "this",
    "overnight",
    "earlier",
    "yesterday",
    "today",
    "tonight",
    "but",
    "amid",
    "killing",
    "wounding",
    "injuring",
    "leaving",
    "said",
    "says",
    "according",
    "province",
    "provinces",
];

/// A place phrase as read: byte offsets of the name in the document and
/// the text to look up (name, level word, ", province").
#[derive(Debug, Clone, PartialEq)]
pub struct PlacePhrase {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// "near X", "outside X", "north of X": not at X itself.
    pub near: bool,
    /// The phrase this one lies in ("the Sheikh Jalal area of Nahrin
    /// district"): its index in the same list.
    pub inside: Option<usize>,
    /// The province written after a comma ("…, Herat"): the area a place
    /// lies in, not a place named for the event by itself.
    pub province: bool,
    /// The name with the one joined to it by "and" ("Jammu and Kashmir",
    /// "Bosnia and Herzegovina"): two places or one, which only the
    /// knowledge base can say; tried when the name is a container.
    pub joined: Option<String>,
    /// Its level word is a settlement's and governs an "of" ("the Tigray
    /// village of Togoga", "the Syrian town of Azaz"): as in "the town of
    /// Azaz", the settlement is the one named after "of", and this name
    /// may only describe it. ("The Hodan district of Mogadishu" is the
    /// other shape: the district is Hodan.)
    pub of_next: bool,
    /// Written as a place: a level word ("Wazikhwa district"), a place
    /// noun before it ("the town of X") or the tagger's location tag.
    pub shaped: bool,
    /// The words as written when they are more than the name looked up:
    /// "Honiara's Chinatown".
    pub written: Option<String>,
}

fn capitalised(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

fn lower(t: &Token) -> String {
    t.text.to_lowercase()
}

/// A run of capitalised words from `i`, with name particles between them.
/// Returns the index after the run.
fn name_run(toks: &[Token], i: usize) -> usize {
    let mut j = i;
    // "al-Qaim", "ad-Dawr": a name may open with its article.
    let starts_with_particle = !capitalised(&toks[i].text);
    while j < toks.len() {
        let t = &toks[j].text;
        if capitalised(t) && t.chars().any(char::is_alphabetic) {
            j += 1;
            continue;
        }
        // Particles and hyphens count only between two capitalised words
        // ("Nawa-e Barakzayi", "Port-au-Prince", "Deir ez-Zor").
        // Particles that are also English words ("at", "as", "an") join
        // only next to a hyphen: "Idlib as Turkish forces" is two things.
        let particle = |k: usize| {
            toks.get(k).is_some_and(|t| {
                let w = t.text.to_lowercase();
                NAME_PARTICLES.contains(&w.as_str())
                    && (!ENGLISH_PARTICLES.contains(&w.as_str())
                        || toks.get(k + 1).is_some_and(|n| n.text == "-")
                        || k.checked_sub(1)
                            .and_then(|p| toks.get(p))
                            .is_some_and(|n| n.text == "-"))
            })
        };
        let mut k = j;
        while k < toks.len() && k < j + 4 && particle(k) {
            k += 1;
        }
        if (j > i || starts_with_particle)
            && k > j
            && toks.get(k).is_some_and(|n| capitalised(&n.text))
        {
            j = k;
            continue;
        }
        break;
    }
    j
}

/// A weekday or month name ("in March"), and "May" when a number stands
/// beside it ("in May 2006", "on 6 May"): `is_time_word` leaves "May" out,
/// a modal verb and a surname as often as a month.
fn is_month_or_day(toks: &[Token], i: usize) -> bool {
    let numeric = |t: Option<&Token>| {
        t.is_some_and(|t| !t.text.is_empty() && t.text.chars().all(|c| c.is_ascii_digit()))
    };
    crate::args::is_time_word(&toks[i].text)
        || (toks[i].text == "May"
            && (numeric(toks.get(i + 1)) || numeric(i.checked_sub(1).and_then(|j| toks.get(j)))))
}

/// The place phrases of one sentence's tokens, in order.
pub fn phrases(text: &str, toks: &[Token]) -> Vec<PlacePhrase> {
    let mut out: Vec<PlacePhrase> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // A name opens with a particle only when a hyphen binds it
        // ("al-Qaim"): "at Sderot" is a preposition and a name.
        // The hyphen is tested before the particle, which takes a
        // lower-cased copy of the word (of nearly every word, before).
        let opens_name = capitalised(&toks[i].text)
            || (toks[i].text != "-"
                && toks.get(i + 1).is_some_and(|t| t.text == "-")
                && NAME_PARTICLES.contains(&lower(&toks[i]).as_str())
                && name_run(toks, i) > i);
        // "on US$ 2,000 bail": a currency's sign is no place.
        if !opens_name || crate::instruments::is_money(&toks[i].text) {
            i += 1;
            continue;
        }
        let mut end = name_run(toks, i);
        // "Abha International Airport": the facility's own capitalised
        // words are not the town's name.
        if end > i + 1 && FACILITY.contains(&lower(&toks[end - 1]).as_str()) {
            end -= 1;
            if end > i + 1 && lower(&toks[end - 1]) == "international" {
                end -= 1;
            }
        }
        // "the Kaduna-Abuja highway": a road named by the two places it
        // joins runs from the first, which is where on it an event is
        // placed (as "the road between Kaduna and Abuja" is).
        let road_from = end > i + 2
            && toks
                .get(end)
                .is_some_and(|t| ROAD.contains(&lower(t).as_str()));
        if road_from {
            if let Some(h) = (i + 1..end - 1).find(|&h| {
                toks[h].text == "-"
                    && capitalised(&toks[h - 1].text)
                    && capitalised(&toks[h + 1].text)
            }) {
                end = h;
            }
        }
        if end == i || (end == i + 1 && is_month_or_day(toks, i)) {
            i += 1;
            continue;
        }
        let mut before: Vec<String> = toks[i.saturating_sub(4)..i].iter().map(lower).collect();
        // "in northern Syria": the adjective of part is read through, and
        // so is any adjective the tagger marks ("the commercial Karrada
        // district"): it describes the place, it does not govern it.
        if before.last().is_some_and(|w| PART_OF.contains(&w.as_str()))
            || (i >= 2
                && toks[i - 1].upos == "ADJ"
                && !capitalised(&toks[i - 1].text)
                && before.len() >= 2)
        {
            before.pop();
        }
        let prev = before.last().map(String::as_str);
        // "Balochistan's Kech district": the second name lies in the first.
        let possessed = i >= 2
            && matches!(toks[i - 1].text.as_str(), "'s" | "’s" | "s")
            && toks[i - 2]
                .text
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && out
                .last()
                .is_some_and(|p: &PlacePhrase| p.end == toks[i - 2].end);
        // "in X", "in the X", "the city of X", "north of X".
        let cue = match prev {
            Some("the") => {
                before.len() >= 2 && LOCATIVE.contains(&before[before.len() - 2].as_str())
            }
            // Any level word heads such an "of" too: "the Kisenyi slum
            // of Kampala", "the state of Borno".
            Some("of") => {
                before.len() >= 2 && {
                    let head = before[before.len() - 2].as_str();
                    OF_HEADS.contains(&head) || is_level(head)
                }
            }
            // "in the capital, Sanaa": the place noun's apposition.
            Some(",") => {
                matches!(
                    before.as_slice(),
                    [loc, the, noun, _]
                        if LOCATIVE.contains(&loc.as_str())
                            && the == "the"
                            && matches!(noun.as_str(), "capital" | "city" | "town" | "village")
                )
            }
            Some(p) => LOCATIVE.contains(&p) && p != "of",
            None => false,
        } || possessed
            || struck_place(toks, i, end);
        // The words that govern the name: its preposition, or the head of
        // "the outskirts of", "north of" — not any word before it ("outside
        // parliament in Kampala" is in Kampala).
        let governing: &[String] = match prev {
            Some("of") => &before[..],
            Some("the") => &before[before.len().saturating_sub(2)..],
            Some(_) => &before[before.len() - 1..],
            None => &[],
        };
        let near = governing.iter().any(|w| {
            matches!(
                w.as_str(),
                "near"
                    | "off"
                    | "outside"
                    | "outskirts"
                    | "vicinity"
                    | "around"
                    | "north"
                    | "south"
                    | "east"
                    | "west"
                    | "northeast"
                    | "northwest"
                    | "southeast"
                    | "southwest"
            )
        });
        // "(Ghani Khel)", "(Marja)": another name of the same place. (A
        // list, "(Bankass, Mopti)", is where it lies: read below.)
        let mut k = end;
        if toks.get(k).is_some_and(|t| t.text == "(") {
            if let Some(close) = toks[k..].iter().position(|t| t.text == ")") {
                if !toks[k..k + close].iter().any(|t| t.text == ",") {
                    k += close + 1;
                }
            }
        }
        // "Jenin refugee camp": one word between the name and its level.
        if toks
            .get(k)
            .is_some_and(|t| !capitalised(&t.text) && t.text.chars().all(char::is_alphabetic))
            && toks.get(k + 1).is_some_and(|t| {
                // Not before "area" or "centre", which follow any noun
                // ("the Kaaj education centre").
                let w = lower(t);
                is_level(&w) && !is_place_only(&w)
            })
            && !is_level(&lower(&toks[k]))
        {
            k += 1;
        }
        // Level words after the name: "Dawlat Abad district", "Herat city".
        let level_from = k;
        while k < toks.len() && is_level(&lower(&toks[k])) {
            k += 1;
        }
        let leveled = k > level_from;
        let after = k;
        let next = toks.get(after).map(lower);
        // What follows a place name: punctuation, another name, or a word
        // that is no noun or adjective — by the tagger where it ran, else
        // by the closed list.
        let ok_after = match next.as_deref() {
            None => true,
            Some(w) => {
                let t = &toks[after];
                !w.chars().next().is_some_and(char::is_alphabetic)
                    || capitalised(&t.text)
                    || FACILITY.contains(&w)
                    // "in Tarmiyah yesterday": a time word is the clause's
                    // adjunct, whatever tag it has, not a noun the name
                    // modifies.
                    // (`is_time_word` has "yesterday", "today", "tonight".)
                    || crate::args::is_time_word(w)
                    || w == "overnight"
                    || if t.upos.is_empty() || t.upos == "_" {
                        AFTER_NAME.contains(&w)
                    } else {
                        !matches!(t.upos.as_str(), "NOUN" | "ADJ" | "PROPN" | "NUM")
                    }
            }
        };
        if !(cue || leveled) || !ok_after {
            i = end.max(i + 1);
            continue;
        }
        // "area" says "a place", "center" the district's main town, but
        // neither is a level the knowledge base knows (see PLACE_ONLY).
        let mut level_to = k;
        while level_to > level_from && is_place_only(&lower(&toks[level_to - 1])) {
            level_to -= 1;
        }
        let name_start = toks[i].start;
        let name_end = toks[end - 1].end;
        let mut phrase = text
            .get(name_start..name_end)
            .unwrap_or_default()
            .to_string();
        if level_to > level_from {
            let level = text
                .get(toks[level_from].start..toks[level_to - 1].end)
                .unwrap_or_default();
            phrase = format!("{phrase} {level}");
        }
        // ", Balkh" / ", Helmand province": the province it lies in; so
        // too the first name in brackets after a level ("Koutiala cercle
        // (Sikasso)") or of a list in brackets ("Ouenkoro (Bankass,
        // Mopti)"), as ACLED's notes write where a place lies.
        let mut last = after;
        let mut province = None;
        let bracketed = toks.get(after).is_some_and(|t| t.text == "(");
        if toks
            .get(after)
            .is_some_and(|t| t.text == "," || t.text == "(")
            && toks.get(after + 1).is_some_and(|t| capitalised(&t.text))
        {
            let a_end = name_run(toks, after + 1);
            let mut a_k = a_end;
            while a_k < toks.len() && is_level(&lower(&toks[a_k])) {
                a_k += 1;
            }
            // Only a one- or two-word name: a longer run is a new clause
            // ("…, Afghan Interior Ministry spokesman Tariq Arian said").
            let closes = toks.get(a_k).is_none_or(|t| {
                if bracketed {
                    return t.text == ")" || t.text == ",";
                }
                !t.text.chars().next().is_some_and(char::is_alphabetic)
                    || AFTER_NAME.contains(&lower(t).as_str())
            });
            if a_end - (after + 1) <= 2 && closes {
                let admin = text
                    .get(toks[after + 1].start..toks[a_k - 1].end)
                    .unwrap_or_default();
                // A bare name after the comma is the province ("…,
                // Balkh"), not the town of that name.
                let level = if a_k > a_end { "" } else { " province" };
                province = Some(PlacePhrase {
                    start: toks[after + 1].start,
                    end: toks[a_k - 1].end,
                    text: format!("{admin}{level}"),
                    near,
                    inside: None,
                    province: true,
                    joined: None,
                    of_next: false,
                    shaped: true,
                    written: None,
                });
                phrase = format!("{phrase}, {admin}");
                last = a_k;
                if bracketed {
                    if let Some(close) = toks[a_k..].iter().position(|t| t.text == ")") {
                        last = a_k + close + 1;
                    }
                }
            }
        }
        let container = possessed.then(|| out.len() - 1);
        // "near Zamfara's Gusau" is near Gusau.
        let near = near || container.is_some_and(|c| out[c].near);
        // "Jammu and Kashmir": the name with what "and" joins to it.
        let joined = (toks.get(end).is_some_and(|t| t.text == "and")
            && toks.get(end + 1).is_some_and(|t| capitalised(&t.text)))
        .then(|| {
            let j_end = name_run(toks, end + 1);
            text.get(name_start..toks[j_end.max(end + 2) - 1].end)
                .map(str::to_string)
        })
        .flatten();
        let written = container.and_then(|c| {
            text.get(out[c].start..name_start)
                .map(|head| format!("{head}{}", phrase.split(',').next().unwrap_or("")))
        });
        out.push(PlacePhrase {
            start: name_start,
            end: name_end,
            text: phrase,
            near,
            inside: container,
            province: false,
            joined,
            of_next: leveled
                && next.as_deref() == Some("of")
                && matches!(
                    lower(&toks[after - 1]).as_str(),
                    "city" | "town" | "village"
                ),
            shaped: leveled
                || toks[i].ner.ends_with("-LOC")
                || (prev == Some("of")
                    && before.len() >= 2
                    && OF_HEADS.contains(&before[before.len() - 2].as_str())),
            written,
        });
        // The province on its own too: the place in it may be one the
        // knowledge base lacks ("in PD8, Herat city").
        out.extend(province);
        i = last.max(end);
    }
    // "the Sheikh Jalal area of Nahrin district", "the town of Douma in
    // Eastern Ghouta", "Saraqib in the eastern countryside of Idlib": the
    // first lies in the second when only words of place stand between
    // them and they end in "of" or begin with "in".
    for n in 1..out.len() {
        if out[n - 1].province || out[n - 1].inside.is_some() {
            continue;
        }
        let gap = text.get(out[n - 1].end..out[n].start).unwrap_or_default();
        let gap = gap.to_lowercase();
        let words: Vec<&str> = gap.split_whitespace().collect();
        let glue = words.len() <= 6
            && words.iter().all(|w| {
                matches!(*w, "in" | "of" | "the")
                    || PART_OF.contains(w)
                    || OF_HEADS.contains(w)
                    || is_level(w)
            });
        let short_of = gap.trim_end().ends_with(" of") && gap.len() < 24;
        if short_of || (glue && (words.last() == Some(&"of") || words.first() == Some(&"in"))) {
            out[n - 1].inside = Some(n);
        }
    }
    out
}

/// "Russian missiles struck Kyiv", "rebels overran Marte": a name the
/// entity tagger calls a location, standing as the object of the verb
/// before it, is the place the verb acts on. So is any name standing as
/// the object of a verb of bombardment ("tanks pounded Khan Younis",
/// tagged a person's name): artillery and aircraft hit places and
/// positions, not someone by name.
fn struck_place(toks: &[Token], i: usize, end: usize) -> bool {
    let Some(verb) = i.checked_sub(1).map(|k| &toks[k]) else {
        return false;
    };
    let bombards = || {
        crate::lexicon::LEXICON.any_at(&[lower(verb)], 0, |t| {
            t.pos == crate::lexicon::TriggerPos::Verb
                && t.modes
                    .iter()
                    .any(|m| m == "heavy-weapons" || m == "aerial")
        })
    };
    verb.upos == "VERB"
        && toks[i..end].iter().any(|t| {
            t.deprel == "obj" && t.head == i // the verb's 1-based index is i
        })
        && (toks[i].ner.ends_with("-LOC") || bombards())
}

/// "KABUL (Reuters) —", "GAZA CITY, March 3 -": the place a wire story is
/// filed from, read off the start of the story's text.
pub fn dateline(text: &str) -> Option<(usize, usize)> {
    let head = text.get(..text.len().min(80))?;
    let end = head
        .char_indices()
        .find(|&(_, c)| !(c.is_uppercase() || c == ' ' || c == '-' || c == '\'' || c == '.'))
        .map_or(head.len(), |(i, _)| i);
    let name = head[..end].trim_end();
    let rest = head[end..].trim_start();
    let marked = rest.starts_with('(') || rest.starts_with('—') || rest.starts_with(',');
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (marked && letters >= 3 && name.split_whitespace().count() <= 3).then_some((0, name.len()))
}

/// Where the dateline ends, its separator included: "TAMPA, Fla. - On
/// Jan. 6, forces …" ends after "- ", "KABUL (Reuters) — " after the dash.
/// The words before are where and by whom the story was filed, never a
/// party to what it tells. `None` when the story opens with no dateline.
pub fn dateline_end(text: &str) -> Option<usize> {
    let (_, name_end) = dateline(text)?;
    let window = text.get(name_end..text.len().min(name_end + 60))?;
    let dash = [" - ", " — ", " – ", "—", "–"]
        .iter()
        .filter_map(|d| window.find(d).map(|i| i + d.len()))
        .min();
    // No dash: a comma or bracket after the name closes it ("KABUL,
    // Afghanistan:" is left to the name alone).
    Some(name_end + dash.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_where_a_dateline_ends() {
        let s = "MOGADISHU, Somalia - Gunmen attacked a hotel on Friday.";
        assert_eq!(
            dateline_end(s).map(|e| &s[e..]),
            Some("Gunmen attacked a hotel on Friday.")
        );
        let s = "KABUL (Reuters) — Taliban fighters seized a district.";
        assert_eq!(
            dateline_end(s).map(|e| &s[e..]),
            Some(" Taliban fighters seized a district.")
        );
        assert_eq!(dateline_end("Gunmen attacked a hotel - police said."), None);
    }

    /// Tokens as sitrep's tokenizer cuts them, enough for the reader's
    /// needs: words, each punctuation mark and hyphen alone, "'s" apart.
    fn toks(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start = None;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (n, &(i, c)) in chars.iter().enumerate() {
            let possessive = c == '\'' && chars.get(n + 1).is_some_and(|&(_, d)| d == 's');
            let word = c.is_alphanumeric() || (c == '\'' && !possessive && start.is_some());
            match (word, start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    out.push(Token::unanalysed(&text[st..i], st, i));
                    start = None;
                }
                _ => {}
            }
            if possessive {
                start = Some(i);
            } else if !word && !c.is_whitespace() {
                out.push(Token::unanalysed(
                    &text[i..i + c.len_utf8()],
                    i,
                    i + c.len_utf8(),
                ));
            }
        }
        if let Some(st) = start {
            out.push(Token::unanalysed(&text[st..], st, text.len()));
        }
        out
    }

    fn texts(s: &str) -> Vec<String> {
        phrases(s, &toks(s)).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn reads_place_phrases_in_many_shapes() {
        assert_eq!(
            texts("Police fired tear gas at protesters in Nairobi on Monday."),
            ["Nairobi"]
        );
        assert_eq!(
            texts("Russian forces shelled the city of Kharkiv, wounding three civilians."),
            ["Kharkiv"]
        );
        assert_eq!(
            texts("Militants fired rockets at an army tank, in Chimtal district, Balkh."),
            ["Chimtal district, Balkh", "Balkh province"]
        );
        assert_eq!(
            texts("Gunmen attacked a base in Lower Shabelle on Tuesday."),
            ["Lower Shabelle"]
        );
        assert_eq!(
            texts("A mine exploded in Shinwar (Ghani Khel) district, Nangarhar."),
            ["Shinwar district, Nangarhar", "Nangarhar province"]
        );
    }

    #[test]
    fn a_name_that_modifies_a_noun_is_no_place() {
        assert!(texts("Two soldiers died in Taliban attacks on Sunday.").is_empty());
        assert!(texts("He was held in Afghan custody for a year.").is_empty());
        // Persons and groups after "by" are not looked up.
        assert!(texts("The convoy was hit by Houthi drones.").is_empty());
    }

    #[test]
    fn an_area_of_a_district_lies_in_it() {
        let s = "A bomb went off in the Sheikh Jalal area of Nahrin district, Baghlan.";
        let p = phrases(s, &toks(s));
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].text, "Sheikh Jalal");
        assert_eq!(p[0].inside, Some(1));
        assert_eq!(p[1].text, "Nahrin district, Baghlan");
        assert_eq!(p[2].text, "Baghlan province");
    }

    #[test]
    fn reads_names_with_particles_possessives_and_parts() {
        assert_eq!(
            texts("Gangs burned houses in the Cité Soleil neighbourhood of Port-au-Prince."),
            ["Cité Soleil neighbourhood", "Port-au-Prince"]
        );
        assert_eq!(
            texts("A bomb exploded in Deir ez-Zor province on Monday."),
            ["Deir ez-Zor province"]
        );
        assert_eq!(
            texts("Thousands marched through central Lahore."),
            ["Lahore"]
        );
        assert_eq!(
            texts("Troops raided the Jenin refugee camp at dawn."),
            ["Jenin camp"]
        );
        assert_eq!(
            texts("Gunmen seized two aid workers in the capital, Bangui, on Monday."),
            ["Bangui"]
        );
        assert!(texts("He met the president, Tinubu, on Monday.").is_empty());
        assert_eq!(
            texts("A drone struck near Erbil International Airport on Monday."),
            ["Erbil"]
        );
        assert_eq!(
            texts("Rockets hit outside Mogadishu airport."),
            ["Mogadishu"]
        );
        assert_eq!(
            texts("Jets bombed a school in Mindat township on Friday."),
            ["Mindat"]
        );
        assert_eq!(
            texts("Police raided homes in Nairobi's Mathare slum."),
            ["Nairobi", "Mathare"]
        );
        let s = "Militants attacked a power station in Balochistan's Kech district.";
        let p = phrases(s, &toks(s));
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[1].text, "Kech district");
        assert_eq!(p[1].inside, Some(0));
    }

    /// Tokens with the tags the reader consults set on some words:
    /// (word, upos, deprel, head, ner).
    fn tagged(text: &str, tags: &[(&str, &str, &str, usize, &str)]) -> Vec<Token> {
        let mut t = toks(text);
        for tok in &mut t {
            if let Some(&(_, upos, deprel, head, ner)) = tags.iter().find(|x| x.0 == tok.text) {
                tok.upos = upos.into();
                tok.deprel = deprel.into();
                tok.head = head;
                tok.ner = ner.into();
            }
        }
        t
    }

    #[test]
    fn a_place_in_the_countryside_of_another_lies_in_it() {
        let s = "Shells fell on the town of Kafr Nabl in the southern countryside of Idlib.";
        let p = phrases(s, &toks(s));
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].text, "Kafr Nabl");
        assert_eq!(p[0].inside, Some(1));
        let s = "Troops fought in Bor in Jonglei on Monday.";
        let p = phrases(s, &toks(s));
        assert_eq!(p[0].inside, Some(1), "{p:?}");
        // "and" is no word of place: two places side by side.
        let s = "Fighting spread in Sirte and in Misrata.";
        assert!(phrases(s, &toks(s)).iter().all(|p| p.inside.is_none()));
    }

    #[test]
    fn a_name_joined_by_and_is_kept_whole_too() {
        let s = "Two soldiers died in Kulgam district of Jammu and Kashmir.";
        let p = phrases(s, &toks(s));
        assert_eq!(p[1].text, "Jammu");
        assert_eq!(p[1].joined.as_deref(), Some("Jammu and Kashmir"));
        assert_eq!(p[0].inside, Some(1));
    }

    #[test]
    fn romance_particles_islands_and_level_words_before_of() {
        assert_eq!(
            texts("Police fired tear gas in Rio de Janeiro and in Ciudad del Este."),
            ["Rio de Janeiro", "Ciudad del Este"]
        );
        assert_eq!(
            texts("Gunmen raided a resort on Basilan island on Sunday."),
            ["Basilan"]
        );
        let s = "Police raided the Kisenyi slum of Kampala.";
        let p = phrases(s, &toks(s));
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].inside, Some(1));
        // "the town of" names the town after it, "the district of" not.
        let s = "A bomb hit the Syrian town of Azaz.";
        assert!(phrases(s, &toks(s))[0].of_next);
        let s = "A bomb hit the Hodan district of Mogadishu.";
        assert!(!phrases(s, &toks(s))[0].of_next);
    }

    #[test]
    fn a_possessed_place_keeps_its_words() {
        let s = "Police raided homes in Kampala's Kisenyi slum.";
        let p = phrases(s, &toks(s));
        assert_eq!(p[1].text, "Kisenyi");
        assert_eq!(p[1].written.as_deref(), Some("Kampala's Kisenyi"));
    }

    #[test]
    fn tags_read_through_adjectives_time_words_and_struck_objects() {
        // "in the commercial Bakara district": the adjective is read through.
        let s = "A blast hit shops in the old Bakara district on Monday.";
        let t = tagged(s, &[("old", "ADJ", "amod", 0, "O")]);
        let p = phrases(s, &t);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].text, "Bakara district");
        // A time word after the name, tagged a noun, is no head it modifies.
        let s = "Gunmen shot a trader in Beni yesterday.";
        let t = tagged(
            s,
            &[
                ("yesterday", "NOUN", "obl", 2, "O"),
                ("in", "ADP", "case", 7, "O"),
            ],
        );
        assert_eq!(
            phrases(s, &t)
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>(),
            ["Beni"]
        );
        // "Drones struck Odesa": the object the tagger calls a location.
        let s = "Drones struck Odesa overnight.";
        let t = tagged(
            s,
            &[
                ("struck", "VERB", "root", 0, "O"),
                ("Odesa", "PROPN", "obj", 2, "B-LOC"),
            ],
        );
        let p = phrases(s, &t);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].shaped);
        // Not an object the tagger calls a person.
        let t = tagged(
            s,
            &[
                ("struck", "VERB", "root", 0, "O"),
                ("Odesa", "PROPN", "obj", 2, "B-PER"),
            ],
        );
        assert!(phrases(s, &t).is_empty());
    }

    #[test]
    fn near_and_outside_are_not_at() {
        let s = "Clashes broke out outside Goma and near the town of Sake.";
        let p = phrases(s, &toks(s));
        assert!(p.iter().all(|p| p.near), "{p:?}");
    }

    #[test]
    fn reads_wire_datelines() {
        let s = "KABUL (Reuters) - A blast hit the city.";
        assert_eq!(dateline(s).map(|(a, b)| &s[a..b]), Some("KABUL"));
        let s = "GAZA CITY, March 3 — Strikes continued.";
        assert_eq!(dateline(s).map(|(a, b)| &s[a..b]), Some("GAZA CITY"));
        assert_eq!(dateline("The army said on Monday."), None);
    }
}
