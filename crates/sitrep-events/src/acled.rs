//! PLOVER type and mode → ACLED event type and sub-event type.
//!
//! ACLED codes by what happened and to whom: the same PLOVER ASSAULT is an
//! "Air/drone strike" from the air, "Attack" (violence against civilians)
//! when the victims are civilians, "Armed clash" between two armed sides.
//! The rules read the modes, the trigger, the clause's words and the
//! recipients' sectors; the `--explain` output names the rule that fired.

use sitrep_core::{Acled, OutsideAcled, PloverType};

use crate::roles;

/// The 25 ACLED sub-event types with their event type, and the label CASE
/// 2021 uses for each.
pub const SUB_EVENTS: &[(&str, &str, &str)] = &[
    ("Battles", "Armed clash", "ARMED_CLASH"),
    (
        "Battles",
        "Government regains territory",
        "GOV_REGAINS_TERIT",
    ),
    (
        "Battles",
        "Non-state actor overtakes territory",
        "NON_STATE_ACTOR_OVERTAKES_TER",
    ),
    ("Explosions/Remote violence", "Chemical weapon", "CHEM_WEAP"),
    (
        "Explosions/Remote violence",
        "Air/drone strike",
        "AIR_STRIKE",
    ),
    ("Explosions/Remote violence", "Suicide bomb", "SUIC_BOMB"),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "ART_MISS_ATTACK",
    ),
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "REM_EXPLOS",
    ),
    ("Explosions/Remote violence", "Grenade", "GRENADE"),
    ("Violence against civilians", "Sexual violence", "SEX_VIOL"),
    ("Violence against civilians", "Attack", "ATTACK"),
    (
        "Violence against civilians",
        "Abduction/forced disappearance",
        "ABDUCT_DISSAP",
    ),
    ("Protests", "Peaceful protest", "PEACE_PROTEST"),
    (
        "Protests",
        "Protest with intervention",
        "PROTEST_WITH_INTER",
    ),
    (
        "Protests",
        "Excessive force against protesters",
        "FORCE_AGAINST_PROTEST",
    ),
    ("Riots", "Violent demonstration", "VIOL_DEMONSTR"),
    ("Riots", "Mob violence", "MOB_VIOL"),
    ("Strategic developments", "Agreement", "AGREEMENT"),
    ("Strategic developments", "Arrests", "ARREST"),
    (
        "Strategic developments",
        "Change to group/activity",
        "CHANGE_TO_GROUP_ACT",
    ),
    (
        "Strategic developments",
        "Disrupted weapons use",
        "DISR_WEAP",
    ),
    (
        "Strategic developments",
        "Headquarters or base established",
        "HQ_ESTABLISHED",
    ),
    (
        "Strategic developments",
        "Looting/property destruction",
        "PROPERTY_DISTRUCT",
    ),
    (
        "Strategic developments",
        "Non-violent transfer of territory",
        "NON_VIOL_TERRIT_TRANSFER",
    ),
    ("Strategic developments", "Other", "OTHER"),
];

pub fn acled(sub_event: &str) -> Option<Acled> {
    SUB_EVENTS
        .iter()
        .find(|(_, s, _)| *s == sub_event)
        .map(|(t, s, _)| Acled {
            event_type: t.to_string(),
            sub_event_type: s.to_string(),
        })
}

pub fn case_label(sub_event: &str) -> Option<&'static str> {
    SUB_EVENTS
        .iter()
        .find(|(_, s, _)| *s == sub_event)
        .map(|(_, _, l)| *l)
}

/// The kinds of story outside ACLED's scope with their CASE 2021 label.
pub const OUTSIDE: &[(OutsideAcled, &str)] = &[
    (OutsideAcled::NaturalDisaster, "NATURAL_DISASTER"),
    (OutsideAcled::ManMadeDisaster, "MAN_MADE_DISASTER"),
    (OutsideAcled::OrganisedCrime, "ORG_CRIME"),
    (OutsideAcled::Accusation, "ATTRIB"),
    (OutsideAcled::Diplomacy, "DIPLO"),
];

/// The out-of-scope kind a CASE 2021 label names, if it names one.
pub fn outside(label: &str) -> Option<OutsideAcled> {
    OUTSIDE.iter().find(|(_, l)| *l == label).map(|(k, _)| *k)
}

/// The CASE 2021 label of an out-of-scope kind.
pub fn outside_label(kind: OutsideAcled) -> &'static str {
    OUTSIDE
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("DIPLO", |(_, l)| *l)
}

/// The ACLED sub-event type behind a CASE 2021 label.
pub fn from_case_label(label: &str) -> Option<Acled> {
    SUB_EVENTS
        .iter()
        .find(|(_, _, l)| *l == label)
        .and_then(|(_, s, _)| acled(s))
}

/// What the mapping needs to know about one event.
pub struct Facts<'a> {
    pub plover: PloverType,
    pub modes: &'a [String],
    pub lemma: &'a str,
    /// The clause or sentence, lowercased.
    pub context: &'a str,
    pub recipient_sectors: &'a [String],
    /// The force is used against a demonstration.
    pub protesters: bool,
    /// Who acts is a crowd: demonstrators, rioters, a mob, villagers.
    pub crowd: bool,
    pub actor_sectors: &'a [String],
    pub fatalities: bool,
    /// What the act befell is property only — houses, shops, vehicles —
    /// and no person (see [`names_property`]).
    pub property: bool,
}

/// Whether any of `words` stands in `text` as a word (or a word's beginning).
pub fn any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| has_word(text, w))
}

/// Whether the text names a mob: "a mob", "mobs", "lynched", "vigilantes"
/// — but not the Popular Mobilization Forces, which a prefix match on
/// "mob" took for one.
fn mob(text: &str) -> bool {
    has_whole_word(text, "mob")
        || has_whole_word(text, "mobs")
        || any(text, &["lynch", "vigilante"])
}

/// The lowercased `text` with the police named for riots taken out: "riot
/// police", "anti-riot police", "riot gear", "the riot squad" are the
/// force sent against a crowd, not rioters — read for riot cues, they made
/// every demonstration the police dispersed a violent one.
pub fn without_riot_police(text: &str) -> String {
    text.replace("anti-riot", "")
        .replace("riot-control", "control")
        .replace("riot police", "police")
        .replace("riot officers", "officers")
        .replace("riot squad", "squad")
        .replace("riot unit", "unit")
        .replace("riot gear", "gear")
        .replace("riot control", "control")
}

/// `text` contains `w` starting at a word boundary: "bomb" matches
/// "bombers"; a cue under [`SHORT_CUE`] letters only as the whole word
/// ("mob" not in "mobilization"; see [`has_whole_word`]).
pub fn has_word(text: &str, w: &str) -> bool {
    text.match_indices(w).any(|(i, _)| {
        starts_word(text, i) && (w.len() >= SHORT_CUE || ends_word(text, i + w.len()))
    })
}

/// A cue is a word's beginning ("lynch" for "lynching"), but one shorter
/// than this begins too many other words ("mob" in "mobile", "mobilise";
/// "ied" in "iedereen"): it must then be the whole word.
const SHORT_CUE: usize = 4;

/// No letter or digit stands right before byte `at` of `text`.
pub(crate) fn starts_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// No letter or digit stands at byte `at` of `text`.
pub(crate) fn ends_word(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// `text[start..end]` is not inside a longer word.
pub(crate) fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    starts_word(text, start) && ends_word(text, end)
}

/// `text` names the act `w` begins ("kidnap" in "kidnapped", "kidnapping"),
/// not the people who do it: an agent noun ("kidnappers", "abductors") is
/// who someone is — the suspects a crowd lynched, the gang police arrested
/// — and says no one was abducted.
pub fn has_act_word(text: &str, w: &str) -> bool {
    text.match_indices(w).any(|(i, _)| {
        let rest = &text[i + w.len()..];
        let agent = ["per", "er", "or"].iter().any(|s| {
            rest.strip_prefix(s)
                .map(|r| r.strip_prefix('s').unwrap_or(r))
                .is_some_and(|r| r.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        });
        starts_word(text, i) && !agent
    })
}

/// The words that open what a protest is about: its demand or the
/// grievance it answers.
const GRIEVANCE: &[&str] = &[
    "to demand",
    "demanding",
    "demands for",
    "to protest",
    "protesting",
    "in protest",
    "calling for",
    "to call for",
    "justice for",
    "release of",
];

/// Where `text` (lowercased) tells what a protest is about: from a word of
/// [`GRIEVANCE`] to the end of its sentence.
pub(crate) fn grievance_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(at) = GRIEVANCE
        .iter()
        .filter_map(|g| text[from..].find(g))
        .min()
        .map(|i| from + i)
    {
        let end = text[at..].find(". ").map_or(text.len(), |e| at + e);
        spans.push(at..end);
        from = end;
    }
    spans
}

/// `text` (lowercased) without what a protest is about ([`grievance_spans`]).
fn without_grievance(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in grievance_spans(text) {
        out.push_str(&text[at..span.start]);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` contains `w` as a whole word, bounded on both sides.
pub fn has_whole_word(text: &str, w: &str) -> bool {
    text.match_indices(w)
        .any(|(i, _)| is_whole_word(text, i, i + w.len()))
}

/// The ACLED sub-event type for an event, with the reason, or `None` when
/// the event is outside ACLED's scope (talks, appeals, accusations).
pub fn sub_event(f: &Facts) -> Option<(&'static str, &'static str)> {
    let c = f.context;
    let has_mode = |m: &str| f.modes.iter().any(|x| x == m);
    match f.plover {
        PloverType::Assault => Some(assault(f, c, &has_mode)),
        PloverType::Protest => Some({
            // What the protest is about is no part of how it went: "to
            // demand the release of detained activists" tells of no arrest
            // at the protest, "justice for a classmate killed by police" of
            // no killing at it.
            let c = &without_grievance(c);
            if has_mode("riot")
                || any(
                    &without_riot_police(c),
                    &[
                        "riot",
                        "stone",
                        "torched",
                        "set fire",
                        "vandal",
                        "clashed with police",
                        "violent protest",
                    ],
                )
            {
                if mob(c) {
                    ("Mob violence", "a mob")
                } else {
                    ("Violent demonstration", "violent protesters")
                }
            } else if any(
                c,
                &[
                    "live ammunition",
                    "live fire",
                    "shot dead",
                    "killed",
                    "opened fire on",
                ],
            ) {
                (
                    "Excessive force against protesters",
                    "lethal force against protesters",
                )
            } else if any(
                c,
                &[
                    "tear gas",
                    "teargas",
                    "water cannon",
                    "dispers",
                    "arrested",
                    "detained",
                    "rubber bullets",
                    "baton",
                    "pepper spray",
                ],
            ) {
                ("Protest with intervention", "police intervened")
            } else {
                ("Peaceful protest", "protest without violence")
            }
        }),
        PloverType::Coerce => Some(if has_mode("arrest") {
            ("Arrests", "arrest")
        } else if DEMOLISH.contains(&f.lemma) && !f.fatalities {
            // Codebook, Looting/property destruction: property destroyed
            // without a clash. Houses pulled down in a village are no
            // transfer of the village, whoever owns the bulldozers.
            ("Looting/property destruction", "property demolished")
        } else if has_mode("seize")
            && any(
                c,
                &[
                    "weapon",
                    "explosive",
                    "ammunition",
                    "arms",
                    "ied",
                    "ieds",
                    "bomb",
                    "mine",
                    "rocket",
                    "missile",
                    "defused",
                    "cache",
                    "drone",
                ],
            )
        {
            ("Disrupted weapons use", "weapons seized or defused")
        } else if has_mode("seize")
            && any(
                c,
                &[
                    "territory",
                    "town",
                    "village",
                    "city",
                    "area",
                    "district",
                    "control",
                ],
            )
        {
            (
                "Non-violent transfer of territory",
                "territory taken without fighting",
            )
        } else if has_mode("curfew") {
            // Codebook, Change to group/activity: a curfew changes what
            // the authorities allow in a place.
            ("Change to group/activity", "curfew imposed")
        } else {
            ("Other", "coercion")
        }),
        PloverType::Agree
            if any(
                c,
                &[
                    "ceasefire",
                    "cease-fire",
                    "truce",
                    "peace",
                    "agreement",
                    "accord",
                    "deal",
                ],
            ) =>
        {
            Some(("Agreement", "agreement between parties"))
        }
        PloverType::Retreat if has_mode("ceasefire") => Some(("Agreement", "ceasefire")),
        PloverType::Retreat
            if has_mode("withdraw")
                && any(
                    c,
                    &[
                        "territory",
                        "town",
                        "city",
                        "area",
                        "handed over",
                        "positions",
                    ],
                ) =>
        {
            Some((
                "Non-violent transfer of territory",
                "withdrawal from territory",
            ))
        }
        PloverType::Retreat
            if has_mode("release") && any(c, &["prisoner", "hostage", "detainee"]) =>
        {
            Some(("Agreement", "prisoner release"))
        }
        PloverType::Mobilize
            if any(
                c,
                &[
                    "base",
                    "headquarters",
                    "outpost",
                    "military post",
                    "checkpoint",
                    "camp",
                    "positions",
                    "garrison",
                    "barracks",
                ],
            ) =>
        {
            Some(("Headquarters or base established", "a base set up"))
        }
        // Codebook, Change to group/activity: an armed group's make-up
        // changes — soldiers or police who join an armed group (defect) or
        // fighters who join another one. Both sides must be armed: people
        // joining a march or talks are no change to an armed group.
        PloverType::Mobilize
            if f.lemma == "join"
                && f.actor_sectors.iter().any(|s| roles::armed_sector(s))
                && f.recipient_sectors.iter().any(|s| roles::armed_sector(s)) =>
        {
            Some(("Change to group/activity", "armed men join another side"))
        }
        // The same change the other way: soldiers, police or fighters who
        // defect leave one armed side for another; a politician crossing
        // the floor changes no armed group.
        // (Who defects is often named only by a role the knowledge base
        // has no sector for yet — "junta soldiers", "dozens of police
        // officers" — so the clause's words for armed men count too.)
        PloverType::Reject
            if matches!(f.lemma, "defect" | "defection")
                && (f.actor_sectors.iter().any(|s| roles::armed_sector(s))
                    || f.recipient_sectors.iter().any(|s| roles::armed_sector(s))
                    || any(c, ARMED_MEN)) =>
        {
            Some(("Change to group/activity", "armed men defect"))
        }
        _ => None,
    }
}

/// Verbs whose very sense is to pull down or blow up a structure (the
/// trigger lexicon's lemmas).
const DEMOLISH: &[&str] = &["demolish", "blow up", "raze", "bulldoze", "dynamite"];

/// How a bomb is destroyed by those who found it.
const CONTROLLED_BLAST: &[&str] = &[
    "controlled blast",
    "controlled explosion",
    "controlled detonation",
    "detonated it safely",
    "safely detonated",
];

/// Things people own and build, as the head of what an act befell:
/// buildings, their kinds, and what moves or grows on property. A post,
/// a station or a base is not here: an attack on one is an attack on
/// the people who hold it (codebook, Armed clash).
const PROPERTY: &[&str] = &[
    "house",
    "houses",
    "home",
    "homes",
    "building",
    "buildings",
    "structure",
    "structures",
    "shop",
    "shops",
    "store",
    "stores",
    "mall",
    "malls",
    "market",
    "markets",
    "office",
    "offices",
    "warehouse",
    "warehouses",
    "factory",
    "factories",
    "church",
    "churches",
    "mosque",
    "mosques",
    "shrine",
    "shrines",
    "temple",
    "temples",
    "school",
    "schools",
    "hospital",
    "hospitals",
    "clinic",
    "clinics",
    "bridge",
    "bridges",
    "hut",
    "huts",
    "dwelling",
    "dwellings",
    "residence",
    "residences",
    "property",
    "properties",
    "car",
    "cars",
    "vehicle",
    "vehicles",
    "truck",
    "trucks",
    "bus",
    "buses",
    "crops",
    "farm",
    "farms",
    "granary",
    "granaries",
    "tower",
    "towers",
    "pylon",
    "pylons",
    "branch",
    "branches",
    "bank",
    "banks",
    "tent",
    "tents",
    "shelter",
    "shelters",
    "village",
    "villages",
    "compound",
    "compounds",
    "monument",
    "monuments",
    "statue",
    "statues",
    "tomb",
    "tombs",
];

/// Words that count a noun ("dozens of structures"): the head is after "of".
const QUANTITY: &[&str] = &[
    "dozens",
    "dozen",
    "hundreds",
    "scores",
    "thousands",
    "number",
    "some",
    "several",
    "many",
    "all",
    "rows",
    "part",
    "parts",
    "most",
    "one",
    "two",
    "three",
];

/// Whether the phrase names property: its head noun (the last word before
/// what qualifies it — "houses belonging to government supporters", "the
/// office of the electoral commission" — or after a count, "dozens of
/// structures") is a kind of property.
pub fn names_property(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let cut = words
        .iter()
        .position(|w| {
            matches!(
                *w,
                "belonging"
                    | "owned"
                    | "used"
                    | "in"
                    | "near"
                    | "at"
                    | "on"
                    | "that"
                    | "which"
                    | "where"
                    | "housing"
                    | "and"
            )
        })
        .unwrap_or(words.len());
    let phrase = &words[..cut];
    let head = match phrase.iter().position(|w| *w == "of") {
        Some(i) if i > 0 && QUANTITY.contains(&phrase[i - 1]) => phrase.last(),
        Some(i) if i > 0 => phrase.get(i - 1),
        _ => phrase.last(),
    };
    head.is_some_and(|h| PROPERTY.contains(h))
}

/// Words for armed men: soldiers, police, fighters of any side.
const ARMED_MEN: &[&str] = &[
    "soldier",
    "troops",
    "police",
    "commando",
    "security personnel",
    "security forces",
    "militia",
    "militants",
    "fighters",
    "rebels",
    "guards",
    "officers",
];

/// The people hit are armed (soldiers, police, fighters) and none of them
/// is named as unarmed.
fn victims_armed(f: &Facts) -> bool {
    f.recipient_sectors.iter().any(|s| roles::armed_sector(s))
        && !f.recipient_sectors.iter().any(|s| roles::unarmed_sector(s))
}

/// Whether the act takes a place by force ("captured the town of X",
/// "seized control of the district", "the base fell to"), and if so
/// whether the verb says it was taken back (`Some(true)`).
fn territory_taken(f: &Facts, c: &str) -> Option<bool> {
    const BACK: &[&str] = &[
        "recaptured",
        "retook",
        "regained",
        "liberated",
        "recapture",
        "retake",
        "regain control",
        "back under control",
    ];
    const TAKEN: &[&str] = &[
        "took control",
        "seized control",
        "taken control",
        "captured the",
        "overran",
        "took over",
        "seized the town",
        "seized the village",
        "fell to",
    ];
    let capture_verb = matches!(
        f.lemma,
        "capture" | "recapture" | "retake" | "overrun" | "liberate" | "seize control"
    );
    if any(c, BACK) {
        Some(true)
    } else if any(c, TAKEN) || (capture_verb && any(c, GROUND)) {
        Some(matches!(f.lemma, "recapture" | "retake" | "liberate"))
    } else {
        None
    }
}

fn assault(f: &Facts, c: &str, has_mode: &dyn Fn(&str) -> bool) -> (&'static str, &'static str) {
    // Codebook, Protests: force used against a demonstration by people who
    // are not themselves violent is "Protest with intervention" (tear gas,
    // batons, arrests, rubber bullets) unless it kills or seriously injures
    // them — then "Excessive force against protesters" (live fire, lethal
    // beatings). The act is coded with the protest, not as a battle.
    if f.protesters {
        return if f.fatalities
            || any(
                c,
                &[
                    "killed",
                    "killing",
                    "shot dead",
                    "live ammunition",
                    "live fire",
                    "live rounds",
                    "critically",
                    "seriously injured",
                ],
            ) {
            (
                "Excessive force against protesters",
                "lethal force against protesters",
            )
        } else {
            (
                "Protest with intervention",
                "force used to disperse protesters",
            )
        };
    }
    // Codebook, Disrupted weapons use: a bomb defused or destroyed before
    // it could be used. A "controlled explosion" is how sappers destroy
    // one; the blast is the disposal, not an attack.
    if !f.fatalities && any(c, CONTROLLED_BLAST) {
        return (
            "Disrupted weapons use",
            "explosive destroyed by its finders",
        );
    }
    // Codebook, Looting/property destruction: an armed group (or anyone)
    // destroys property and no one fights back nor is hurt. Houses blown
    // up or demolished are property destroyed whatever the means: the
    // weapon decides Explosions/Remote violence only when it is used on
    // people. A crowd that wrecks property riots (codebook, Riots): the
    // crowd is decided below.
    if f.property
        && !f.crowd
        && !f.fatalities
        && (has_mode("destroy") || DEMOLISH.contains(&f.lemma))
    {
        return ("Looting/property destruction", "property destroyed");
    }
    if has_mode("unconventional")
        || any(
            c,
            &[
                "chemical",
                "chlorine",
                "sarin",
                "toxic gas",
                "poison gas",
                "nerve agent",
                "mustard gas",
            ],
        )
    {
        return ("Chemical weapon", "chemical agent");
    }
    if has_mode("suicide-attack")
        || any(
            c,
            &[
                "suicide bomb",
                "suicide attack",
                "blew himself up",
                "blew herself up",
                "blew themselves up",
                "suicide car",
                "suicide vest",
                "self-detonat",
                "detonated himself",
                "detonated themselves",
                "detonated herself",
            ],
        )
    {
        return ("Suicide bomb", "suicide attack");
    }
    if any(c, &["grenade"]) {
        return ("Grenade", "grenade");
    }
    if has_mode("aerial")
        || has_mode("drone")
        || any(
            c,
            &[
                "airstrike",
                "air strike",
                "air raid",
                "warplane",
                "fighter jet",
                "jets",
                "drone",
                "helicopter",
                "aircraft",
                "bomber",
                "aerial",
                "air force",
                "unmanned",
            ],
        )
    {
        return ("Air/drone strike", "from the air");
    }
    if any(
        c,
        &[
            "ied",
            "ieds",
            "improvised explosive",
            "roadside bomb",
            "landmine",
            "land mine",
            "car bomb",
            "explosive device",
            "bomb blast",
            "bomb exploded",
            "planted",
            "booby",
            "mine explo",
            "remote-controlled",
            "remotely detonated",
            "vbied",
            "explosion",
            "blast",
            "bomb went off",
            "detonated",
        ],
    ) {
        return ("Remote explosive/landmine/IED", "explosive device");
    }
    if has_mode("heavy-weapons")
        || any(
            c,
            &[
                "shelling",
                "shelled",
                "artillery",
                "mortar",
                "rocket",
                "missile",
                "shells",
                "bombard",
                "katyusha",
                "howitzer",
                "tank fire",
            ],
        )
    {
        return ("Shelling/artillery/missile attack", "artillery or missiles");
    }
    // The act is itself an explosion ("bombs exploded outside a school"),
    // or explosives were its means and went off in its clause ("an officer
    // was wounded when a bomb hidden in a motorcycle exploded"), not from
    // the air nor a shell: a remote explosive, whoever it hit (codebook:
    // the weapon decides Explosions/Remote violence). A bomb thrown by
    // hand ("people threw petrol bombs") is no such thing.
    if matches!(f.lemma, "explode" | "explosion" | "blast" | "detonate")
        || (has_mode("explosives") && any(c, &["exploded", "explodes", "detonated", "went off"]))
    {
        return ("Remote explosive/landmine/IED", "an explosion");
    }
    if has_mode("sexual") || any(c, &["rape", "raped", "sexual", "sexually"]) {
        return ("Sexual violence", "sexual violence");
    }
    // Codebook: abduction is violence against civilians; soldiers or police
    // taken in an attack on their post are part of the battle. People
    // killed are an attack, whatever took them first: the type is for
    // abductions with no further violence reported.
    if !f.fatalities
        && (has_mode("abduct")
            || [
                "abduct",
                "kidnap",
                "hostage",
                "disappeared",
                "taken captive",
            ]
            .iter()
            .any(|w| has_act_word(c, w)))
        && !victims_armed(f)
    {
        return ("Abduction/forced disappearance", "abduction");
    }
    // Codebook, Battles: control of a place changes hands by force. Who
    // takes it decides the sub-event type: state forces or their
    // affiliates "regain territory", anyone else "overtakes" it. Only
    // when the text names no one does the verb decide ("retook" is said
    // of an army, "overran" of insurgents).
    if let Some(regain) = territory_taken(f, c) {
        let state = f
            .actor_sectors
            .iter()
            .any(|s| matches!(s.as_str(), "MIL" | "COP" | "GOV" | "PRM"));
        let named = !f.actor_sectors.is_empty();
        return if state || (!named && regain) {
            ("Government regains territory", "territory retaken")
        } else {
            (
                "Non-state actor overtakes territory",
                "territory taken by force",
            )
        };
    }
    // Codebook, Riots: violence by an unorganised crowd. Demonstrators
    // who use violence or destroy property stage a "Violent
    // demonstration"; a crowd with no demonstration's aim that attacks
    // people or property (a lynching, a vigilante mob) is "Mob violence".
    if f.crowd {
        return if any(
            c,
            &["protest", "demonstrat", "rally", "march", "supporters"],
        ) {
            ("Violent demonstration", "demonstrators used violence")
        } else {
            ("Mob violence", "a crowd attacked")
        };
    }
    if has_mode("destroy")
        || any(
            c,
            &[
                "looted",
                "looting",
                "torched",
                "set fire",
                "burned down",
                "vandalis",
                "vandaliz",
                "destroyed property",
                "razed",
                "demolished",
            ],
        ) && !f.fatalities
    {
        return ("Looting/property destruction", "property destroyed");
    }
    if mob(c) {
        return ("Mob violence", "a mob");
    }
    // People who are not fighting, named as such.
    let civilians_named = any(
        c,
        &[
            "civilian",
            "villagers",
            "passengers",
            "worshippers",
            "residents",
            "farmers",
            "a doctor",
            "teacher",
            "journalist",
            "students",
            "children",
            "women",
        ],
    );
    // …or named by the knowledge base's sector for those hit.
    let civilians_hit =
        civilians_named || f.recipient_sectors.iter().any(|s| roles::unarmed_sector(s));
    let civilian_victims = civilians_hit
        || any(
            c,
            &[
                // Places where people who are not fighting gather: gunmen
                // attacking a village, a campus or a church attack civilians.
                "village", "campus", "church", "mosque", "hotel", "market", "school", "hospital",
            ],
        );
    let two_sided = any(
        c,
        &[
            "clash",
            "confrontation",
            "encounter with",
            "fighting",
            "fought",
            "battle",
            "exchange of fire",
            "exchanged fire",
            "gun battle",
            "gunfight",
            "firefight",
            "engaged",
            "repelled",
            "counter-attack",
            "counterattack",
            "offensive",
        ],
    )
        // An ambush is fought when those ambushed are armed (codebook:
        // an ambush of a convoy or patrol is an armed clash); gunmen who
        // ambush vehicles carrying families attack civilians.
        || (any(c, &["ambush"]) && !civilians_hit);
    // Codebook, Armed clash: also an armed group's attack on another's
    // position or patrol — an ambush of a convoy, a sniper killing a
    // soldier, militants storming a police station. Armed people on the
    // receiving end decide it, whatever place words ("village") say,
    // unless civilians are among them.
    // (A sector alone may be a guess from a place — "Kabul University" as
    // Afghanistan — so the words must name armed people too.)
    let armed_people = f
        .recipient_sectors
        .iter()
        .any(|s| matches!(s.as_str(), "MIL" | "COP" | "REB" | "PRM"))
        && any(c, ARMED_MEN);
    // A post or a patrol says who was hit only when the words name no
    // one else: soldiers who shoot a civilian at their checkpoint attack a
    // civilian (codebook: the victims decide Violence against civilians).
    let armed_place = any(
        c,
        &[
            "sniper",
            "check point",
            "checkpoint",
            "patrol",
            "convoy",
            "police station",
            "military post",
            "outpost",
            "army base",
            "military base",
        ],
    );
    let armed_target = armed_people || (armed_place && !civilians_named);
    if armed_target && !f.recipient_sectors.iter().any(|s| roles::unarmed_sector(s)) {
        return ("Armed clash", "an attack on an armed side");
    }
    if civilian_victims && !two_sided {
        return ("Attack", "victims are civilians");
    }
    if f.lemma == "strike" && f.actor_sectors.iter().any(|s| s == "MIL" || s == "GOV") {
        return ("Air/drone strike", "a strike by state forces");
    }
    if two_sided || f.recipient_sectors.iter().any(|s| roles::armed_sector(s)) {
        return ("Armed clash", "armed sides");
    }
    // Armed men on the receiving end ("the army killed scores of
    // terrorists") make it a clash even when only one side is named.
    if any(
        c,
        &[
            "terrorists",
            "militants",
            "insurgents",
            "rebels",
            "jihadists",
            "fighters",
            "bandits",
        ],
    ) && any(c, &["army", "troops", "soldiers", "forces", "police"])
    {
        return ("Armed clash", "armed men on both sides");
    }
    if any(
        c,
        &[
            "gunmen",
            "shot",
            "opened fire",
            "stabbed",
            "hacked",
            "killed",
            "murdered",
            "assassinat",
        ],
    ) {
        return ("Attack", "an attack with no armed opponent");
    }
    // Those hit are named, and none of them bears arms ("opposition
    // supporters were beaten by police"): the codebook's Armed clash needs
    // two armed sides.
    if !f.recipient_sectors.is_empty()
        && !f
            .recipient_sectors
            .iter()
            .any(|s| roles::armed_sector(s) || s == "GOV")
    {
        return ("Attack", "those hit bear no arms");
    }
    ("Armed clash", "violence between armed groups")
}

/// ACLED's codebook cues read over a whole text, strongest first: what a
/// coder would choose from the words alone when no event structure is
/// found, and a feature for the learned classifier. Returns a CASE 2021
/// label (ACLED sub-event or out-of-scope class).
pub fn keyword_label(text: &str) -> Option<&'static str> {
    let hit = KEYWORDS.rows_hit(&crate::lowercase::to_lowercase(text));
    let table = keyword_rows();
    table
        .iter()
        .zip(hit)
        .find(|(_, h)| *h)
        .map(|((_, l), _)| *l)
}

/// Every keyword class the text has cues for (a classifier feature).
pub fn keyword_labels(text: &str) -> Vec<&'static str> {
    let hit = KEYWORDS.rows_hit(&crate::lowercase::to_lowercase(text));
    keyword_rows()
        .iter()
        .zip(hit)
        .filter(|(_, h)| *h)
        .map(|((_, l), _)| *l)
        .collect()
}

/// The keyword table's cues in one automaton, built on first use.
static KEYWORDS: std::sync::LazyLock<CueRows> =
    std::sync::LazyLock::new(|| CueRows::new(keyword_rows().iter().map(|(ws, _)| *ws)));

/// Rows of cue words searched in one pass: which rows have a word of
/// theirs in a text, each word found as [`has_word`] finds it. Why: the
/// keyword table has ~390 words, and searching a story for each in turn
/// was a few percent of a whole run.
pub struct CueRows {
    automaton: aho_corasick::AhoCorasick,
    /// Per distinct word (the automaton's pattern), the rows it is in.
    rows_of: Vec<Vec<usize>>,
    n_rows: usize,
}

impl CueRows {
    pub fn new<'a>(rows: impl IntoIterator<Item = &'a [&'a str]>) -> CueRows {
        let mut words: Vec<&str> = Vec::new();
        let mut rows_of: Vec<Vec<usize>> = Vec::new();
        let mut n_rows = 0;
        for (r, ws) in rows.into_iter().enumerate() {
            n_rows = r + 1;
            for w in ws.iter().filter(|w| !w.is_empty()) {
                match words.iter().position(|x| x == w) {
                    Some(i) => rows_of[i].push(r),
                    None => {
                        words.push(w);
                        rows_of.push(vec![r]);
                    }
                }
            }
        }
        let automaton =
            aho_corasick::AhoCorasick::new(&words).expect("cue words build an automaton");
        CueRows {
            automaton,
            rows_of,
            n_rows,
        }
    }

    /// Per row, whether `text` has one of its words at a word start.
    pub fn rows_hit(&self, text: &str) -> Vec<bool> {
        let mut hit = vec![false; self.n_rows];
        // `has_word` looks at a word's non-overlapping occurrences
        // (`match_indices`): an occurrence overlapping an earlier one of the
        // same word is skipped here too.
        let mut next_free = vec![0usize; self.rows_of.len()];
        for m in self.automaton.find_overlapping_iter(text) {
            let p = m.pattern().as_usize();
            if m.start() < next_free[p] {
                continue;
            }
            next_free[p] = m.end();
            // (As `has_word`: a short cue only as the whole word.)
            let whole = m.end() - m.start() >= SHORT_CUE || ends_word(text, m.end());
            if starts_word(text, m.start()) && whole {
                for &r in &self.rows_of[p] {
                    hit[r] = true;
                }
            }
        }
        hit
    }
}

/// Words for ground that is taken, as the thing captured: the verb's
/// lemma and one of these in its clause ("captured on Thursday a key
/// neighbourhood") tell a capture of territory.
pub(crate) const GROUND: &[&str] = &[
    "town",
    "village",
    "city",
    "district",
    "neighborhood",
    "neighbourhood",
    "territory",
    "area",
    "region",
    "province",
    "hill",
    "settlement",
];

/// Keyword classes that decide a story's label whatever else happened in
/// it: a claim of responsibility, a weapon or manner ACLED codes by itself.
pub const DECISIVE: &[&str] = &[
    "ATTRIB",
    "CHEM_WEAP",
    "SUIC_BOMB",
    "GRENADE",
    "SEX_VIOL",
    "ABDUCT_DISSAP",
];

/// The cue table behind [`keyword_label`], in priority order.
fn keyword_rows() -> &'static [(&'static [&'static str], &'static str)] {
    &[
        (
            &[
                "claimed responsibility",
                "claim responsibility",
                "claims responsibility",
                "denied responsibility",
                "rejected allegations",
                "rejected accusation",
                "denied his group",
                "denied sending",
                "has denied",
                "have denied",
            ],
            "ATTRIB",
        ),
        (
            &[
                "chemical weapon",
                "chemical attack",
                "chlorine",
                "sarin",
                "mustard gas",
                "sulfur mustard",
                "toxic gas",
                "poisonous gas",
                "poison gas",
                "nerve agent",
                "asphyxia",
            ],
            "CHEM_WEAP",
        ),
        (
            &[
                "suicide bomb",
                "suicide attack",
                "suicide car",
                "suicide vest",
                "blew himself up",
                "blew herself up",
                "blew themselves up",
                "detonated himself",
                "detonated herself",
                "self-detonat",
                "suicide bomber",
            ],
            "SUIC_BOMB",
        ),
        (&["grenade"], "GRENADE"),
        (
            &[
                "raped",
                "rape",
                "sexual violence",
                "sexually assault",
                "sexual assault",
                "sexually abused",
            ],
            "SEX_VIOL",
        ),
        (
            &[
                "kidnapped",
                "abducted",
                "abduction",
                "kidnapping",
                "taken hostage",
                "enforced disappearance",
                "went missing",
            ],
            "ABDUCT_DISSAP",
        ),
        (
            &[
                "new commander",
                "appointed",
                "merged",
                "formed a",
                "has been set up",
                "dissolved",
                "split from",
                "pledged allegiance",
                "reinforcements",
                "dispatched",
                "redeploy",
            ],
            "CHANGE_TO_GROUP_ACT",
        ),
        (
            &[
                "set up a new military base",
                "established a new",
                "new military base",
                "new military post",
                "established a military",
                "set up a base",
                "headquarters in",
                "new base",
                "military post",
                "outpost",
            ],
            "HQ_ESTABLISHED",
        ),
        (
            &[
                "defused",
                "seized weapons",
                "weapons cache",
                "arms cache",
                "cache of",
                "were seized",
                "was seized",
                "intercepted",
                "dismantled",
                "found and cleared",
                "confiscated",
                "shot down",
                "defusing",
                "ammunition were",
            ],
            "DISR_WEAP",
        ),
        (
            &[
                "airstrike",
                "air strike",
                "air raid",
                "warplane",
                "fighter jet",
                "drone strike",
                "helicopter",
                "choppers",
                "bombers",
                "aerial bombardment",
                "airstrikes",
            ],
            "AIR_STRIKE",
        ),
        (
            &[
                "shelling",
                "shelled",
                "artillery",
                "mortar",
                "rocket",
                "missile",
                "shells",
                "katyusha",
                "howitzer",
            ],
            "ART_MISS_ATTACK",
        ),
        (
            &[
                "ied",
                "ieds",
                "improvised explosive",
                "roadside bomb",
                "landmine",
                "land mine",
                "car bomb",
                "explosive device",
                "bomb blast",
                "bomb exploded",
                "vbied",
                "planted bomb",
                "remote-controlled",
            ],
            "REM_EXPLOS",
        ),
        (
            &[
                "storm",
                "heat wave",
                "cases",
                "earthquake",
                "flood",
                "cyclone",
                "hurricane",
                "typhoon",
                "landslide",
                "drought",
                "covid",
                "coronavirus",
                "pandemic",
                "epidemic",
                "outbreak",
                "wildfire",
                "tsunami",
                "heatwave",
                "avalanche",
                "volcano",
                "infected",
            ],
            "NATURAL_DISASTER",
        ),
        (
            &[
                "collapse",
                "leak",
                "plant exploded",
                "accident",
                "crash",
                "collapsed",
                "derail",
                "capsized",
                "fire broke out",
                "blaze",
                "gas leak",
                "factory",
                "furnace",
                "stampede",
                "chemical hazard",
                "boiler",
                "caught fire",
                "sank",
                "exploded at",
            ],
            "MAN_MADE_DISASTER",
        ),
        (
            &[
                "drug",
                "cocaine",
                "heroin",
                "smuggl",
                "traffick",
                "robbery",
                "robbers",
                "cartel",
                "gang",
                "theft",
                "extortion",
                "narcotic",
                "poach",
            ],
            "ORG_CRIME",
        ),
        (
            &[
                "tear gas",
                "teargas",
                "water cannon",
                "rubber bullets",
                "dispersed",
                "disperse the",
                "pepper spray",
                "baton",
            ],
            "PROTEST_WITH_INTER",
        ),
        (
            &[
                "rioters",
                "riot",
                "stone-pelting",
                "pelted",
                "torched",
                "set ablaze",
                "vandalised",
                "vandalized",
                "violent protest",
                "clashed with police",
            ],
            "VIOL_DEMONSTR",
        ),
        (
            &["mob", "mobs", "lynch", "lynched", "vigilante"],
            "MOB_VIOL",
        ),
        (
            &[
                "protest",
                "protesters",
                "demonstrators",
                "demonstration",
                "rally",
                "rallies",
                "marched",
                "sit-in",
                "strike action",
                "went on strike",
            ],
            "PEACE_PROTEST",
        ),
        (
            &[
                "arrested",
                "detained",
                "arrest",
                "detain",
                "custody",
                "apprehended",
                "taken into custody",
                "nabbed",
            ],
            "ARREST",
        ),
        (
            &[
                "recaptured",
                "retook",
                "regained control",
                "liberated",
                "regain control",
                "took back",
            ],
            "GOV_REGAINS_TERIT",
        ),
        (
            &[
                "took control",
                "seized control",
                "captured the town",
                "captured the city",
                "captured the village",
                "overran",
                "took over",
                "fell to",
            ],
            "NON_STATE_ACTOR_OVERTAKES_TER",
        ),
        (
            &[
                "withdrew from",
                "handed over",
                "pulled out",
                "withdrawal of",
                "pull back",
                "pulled back",
                "evacuated",
            ],
            "NON_VIOL_TERRIT_TRANSFER",
        ),
        (
            &[
                "looted",
                "looting",
                "burned down",
                "torched",
                "razed",
                "demolished",
                "destroyed houses",
                "set fire",
            ],
            "PROPERTY_DISTRUCT",
        ),
        (
            &[
                "ceasefire",
                "cease-fire",
                "truce",
                "peace agreement",
                "peace deal",
                "signed an agreement",
                "prisoner exchange",
                "exchange of prisoners",
                "exchanged prisoners",
                "surrendered",
            ],
            "AGREEMENT",
        ),
        (
            &[
                "clash",
                "clashes",
                "fighting",
                "gunfight",
                "firefight",
                "exchange of fire",
                "exchanged fire",
                "battle",
                "engaged",
            ],
            "ARMED_CLASH",
        ),
        (
            &[
                "gunmen",
                "shot dead",
                "opened fire",
                "killed",
                "attacked",
                "stabbed",
                "massacre",
            ],
            "ATTACK",
        ),
        (
            &[
                "talks",
                "summit",
                "meeting",
                "visit",
                "sanctions",
                "resolution",
                "ambassador",
                "minister",
                "negotiation",
                "diplomatic",
            ],
            "DIPLO",
        ),
    ]
}

#[cfg(test)]
mod tests {

    #[test]
    fn cue_rows_find_what_has_word_finds() {
        let rows: [&[&str]; 3] = [&["bomb", "aa a"], &["mob", "air strike"], &["strike"]];
        let cues = CueRows::new(rows);
        for text in [
            "the bombers came",
            "a mob; air strikes",
            "abomb xmob",
            "aa aa a",
            "aaa a",
            "",
            "Mobilization bomb",
            "mobile phones; a mob, mobs",
        ] {
            let want: Vec<bool> = rows.iter().map(|ws| any(text, ws)).collect();
            assert_eq!(cues.rows_hit(text), want, "{text:?}");
        }
    }
    use super::*;

    fn sub(plover: PloverType, modes: &[&str], lemma: &str, ctx: &str) -> &'static str {
        let modes: Vec<String> = modes.iter().map(|m| m.to_string()).collect();
        sub_event(&Facts {
            plover,
            modes: &modes,
            lemma,
            context: &ctx.to_lowercase(),
            recipient_sectors: &[],
            protesters: false,
            crowd: false,
            actor_sectors: &["MIL".to_string()],
            fatalities: false,
            property: false,
        })
        .map_or("-", |(s, _)| s)
    }

    /// An assault's sub-event when the people hit have the given sectors.
    fn on_victims(ctx: &str, victims: &[&str]) -> &'static str {
        let victims: Vec<String> = victims.iter().map(|s| s.to_string()).collect();
        sub_event(&Facts {
            plover: PloverType::Assault,
            modes: &["abduct".to_string()],
            lemma: "abduct",
            context: &ctx.to_lowercase(),
            recipient_sectors: &victims,
            protesters: false,
            crowd: false,
            actor_sectors: &["REB".to_string()],
            fatalities: false,
            property: false,
        })
        .map_or("-", |(s, _)| s)
    }

    #[test]
    fn abduction_is_of_civilians_armed_men_taken_are_a_clash() {
        assert_eq!(
            on_victims("1 policeman was abducted by eln rebels in arauca", &["COP"]),
            "Armed clash"
        );
        assert_eq!(
            on_victims("rebels abducted 4 aid workers near bunia", &["CVL"]),
            "Abduction/forced disappearance"
        );
    }

    /// The sub-event of a non-violent act between sides of these sectors.
    fn between(
        plover: PloverType,
        lemma: &str,
        actor: &str,
        recipient: &str,
    ) -> Option<&'static str> {
        sub_event(&Facts {
            plover,
            modes: &[],
            lemma,
            context: lemma,
            recipient_sectors: &[recipient.to_string()],
            protesters: false,
            crowd: false,
            actor_sectors: &[actor.to_string()],
            fatalities: false,
            property: false,
        })
        .map(|(s, _)| s)
    }

    #[test]
    fn property_is_read_from_the_head_noun() {
        assert!(names_property(
            "three houses belonging to government supporters"
        ));
        assert!(names_property("dozens of structures"));
        assert!(names_property("the office of the electoral commission"));
        assert!(names_property("an ancient shrine"));
        assert!(!names_property("the owners of two shops"));
        assert!(!names_property("a police station"));
        assert!(!names_property("three officers"));
        assert!(!names_property("it"));
    }

    #[test]
    fn armed_men_joining_an_armed_side_change_the_group() {
        let f = |actor, recipient| between(PloverType::Mobilize, "join", actor, recipient);
        assert_eq!(f("MIL", "REB"), Some("Change to group/activity"));
        assert_eq!(f("EDU", "OPP"), None);
    }

    #[test]
    fn armed_men_defecting_change_the_group_politicians_do_not() {
        let f = |actor, recipient| between(PloverType::Reject, "defect", actor, recipient);
        assert_eq!(f("REB", "MIL"), Some("Change to group/activity"));
        assert_eq!(f("", "MIL"), Some("Change to group/activity"));
        assert_eq!(f("LEG", "GOV"), None);
    }

    /// Force on a demonstration, by the codebook's Protests definitions.
    fn on_protesters(ctx: &str, fatalities: bool) -> &'static str {
        sub_event(&Facts {
            plover: PloverType::Assault,
            modes: &[],
            lemma: "fire",
            context: &ctx.to_lowercase(),
            recipient_sectors: &["CVL".to_string()],
            protesters: true,
            crowd: false,
            actor_sectors: &["COP".to_string()],
            fatalities,
            property: false,
        })
        .map_or("-", |(s, _)| s)
    }

    #[test]
    fn force_against_protesters_is_coded_with_the_protest() {
        assert_eq!(
            on_protesters("riot police used water cannon on marchers in la paz", false),
            "Protest with intervention"
        );
        assert_eq!(
            on_protesters("soldiers shot dead three demonstrators in mandalay", true),
            "Excessive force against protesters"
        );
    }

    #[test]
    fn a_sniper_or_an_ambush_on_a_patrol_is_an_armed_clash() {
        use PloverType::*;
        assert_eq!(
            sub(
                Assault,
                &[],
                "kill",
                "a sniper killed a border guard near kupiansk"
            ),
            "Armed clash"
        );
        assert_eq!(
            sub(
                Assault,
                &[],
                "attack",
                "gunmen attacked an army patrol outside gao"
            ),
            "Armed clash"
        );
    }

    #[test]
    fn assaults_by_manner() {
        use PloverType::*;
        assert_eq!(
            sub(
                Assault,
                &[],
                "strike",
                "Washington launched a lightning strike in Baghdad"
            ),
            "Air/drone strike"
        );
        assert_eq!(
            sub(
                Assault,
                &[],
                "attack",
                "Two suicide bombers blew themselves up in Jeddah"
            ),
            "Suicide bomb"
        );
        assert_eq!(
            sub(
                Assault,
                &["heavy-weapons"],
                "shell",
                "the army shelled the village"
            ),
            "Shelling/artillery/missile attack"
        );
        assert_eq!(
            sub(Assault, &[], "clash", "clashes between the army and rebels"),
            "Armed clash"
        );
        assert_eq!(
            sub(
                Protest,
                &["demo"],
                "protest",
                "protesters marched peacefully"
            ),
            "Peaceful protest"
        );
        assert_eq!(
            sub(
                Protest,
                &["demo"],
                "protest",
                "police fired tear gas at the protest"
            ),
            "Protest with intervention"
        );
        assert_eq!(
            sub(Coerce, &["arrest"], "arrest", "police arrested five men"),
            "Arrests"
        );
        assert_eq!(sub(Consult, &[], "talks", "talks resumed"), "-");
    }
}
