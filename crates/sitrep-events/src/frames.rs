//! Story frames: ACLED codebook decisions that depend on what kind of
//! story a text tells rather than on the clause one trigger sits in.
//!
//! The clause-level rules in [`crate::acled`] see "clashes" and say
//! *Armed clash*; a coder who reads "police clashed with protesters"
//! codes a *Violent demonstration*, because in ACLED's codebook the
//! participants decide the event type before the verb does. Likewise a
//! grenade that was *seized* is *Disrupted weapons use*, a chemical
//! plant that exploded is an industrial accident outside ACLED's scope,
//! and "troops recaptured the town" is a territory change whose
//! sub-type follows who took it. Each frame here is one such codebook
//! decision, written as cue patterns over the text (lower-cased) and
//! returning the matched cue so the choice stays explainable.
//!
//! Frames come in two tiers: [`overriding`] frames are checked before the
//! weapon and manner cues (a seized grenade must not become *Grenade*);
//! [`story`] frames after them (a suicide bombing at a rally stays a
//! suicide bombing).

use std::sync::LazyLock;

use regex::Regex;
use sitrep_core::{Event, PloverType};

use crate::acled;
use crate::naming;

/// A frame's decision: a CASE 2021 label (ACLED sub-event or
/// out-of-scope class), the frame that chose it, and the text that cued it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub label: &'static str,
    pub frame: &'static str,
    pub cue: String,
}

/// One alternation of word-initial cues: `\b(?:a|b|…)`. Cues are regex
/// fragments so a few can carry their own boundaries.
fn cues(words: &[&str]) -> Regex {
    let alternation = words.join("|");
    // The patterns are constants written below; a typo is a programming
    // error caught by the unit tests, not a user input.
    Regex::new(&format!(r"\b(?:{alternation})")).expect("frame cue pattern")
}

struct Cues {
    armed_context: Regex,
    natural: Regex,
    industrial: Regex,
    industrial_strong: Regex,
    disrupted: Disrupted,
    weapon_store: Regex,
    went_off: Regex,
    from_the_air: Regex,
    sanctions: Regex,
    claim: Regex,
    explosive_attack: Regex,
    fighting_words: Regex,
    crime: Regex,
    political: Regex,
    crime_violence: Regex,
    demonstration: Regex,
    protester_violence: Regex,
    lethal_force: Regex,
    intervention: Regex,
    mob: Regex,
    headquarters: Regex,
    territory: Regex,
    state_forces: Regex,
    non_state: Regex,
    organised_force: Regex,
    withdrawal: Regex,
    combat: Regex,
    arrest: Regex,
    regrouping: Regex,
    place_noun: Regex,
}

const STATE_FORCES: &[&str] = &[
    "army",
    "troops",
    "soldiers",
    "government forces",
    "security forces",
    "military",
    "armed forces",
    "national army",
    "sana",
    "police",
    "regime",
    "pro-government",
    "national defen[cs]e",
    r"ndf\b",
    "federal forces",
    "forces loyal to the",
];
const NON_STATE: &[&str] = &[
    "militant",
    "rebel",
    "insurgent",
    "taliban",
    "islamic state",
    r"is\b",
    "isis",
    "isil",
    "daesh",
    "al-shabab",
    "al-shabaab",
    "houthi",
    "jihad",
    "mai mai",
    "nusra",
    "terrorists",
    "separatist",
    "boko",
    "militia",
    "fighters",
];

const WEAPON: &str = r"(?:weapon|arms\b|ammunition|munition|explosive|improvised|ied|grenade|landmine|mines\b|rifle|pistol|guns?\b|firearm|bullet|rocket|missile|mortar|tnt|detonator|cache|stash|depot|arsenal|machine gun|rpg|drone|uav|bombs?\b|bombers?\b|device)";
const DISRUPT: &str = r"(?:seiz|found|discover|uncover|recover|defus|dismantl|intercept|shot down|downed|confiscat|captured|destroyed|retriev|impound|neutrali[sz])";

/// Weapons seized, found or defused: a verb of disruption and, within the
/// next eight words, a weapon ("seized a cache of weapons", "defused an
/// improvised explosive device"), or a weapon and, within the next seven
/// words, the passive ("the rockets were later intercepted").
///
/// Walked word by word, with patterns only for the words themselves: as one
/// pattern, "up to seven words" is seven copies of Unicode's word class and
/// took longer to compile, at every start, than reading a page. The walk
/// finds what the pattern `\b{DISRUPT}\w*\W+(?:\w+\W+){0,7}?{WEAPON}` (and
/// its passive) found: the earliest start, then the fewest words between.
struct Disrupted {
    /// A verb of disruption at the start of a word.
    verb: Regex,
    /// A weapon at the start of a word.
    weapon: Regex,
    /// A weapon at the very start of the text it is given.
    weapon_here: Regex,
    /// The passive and its verb at the very start of the text it is given.
    passive_here: Regex,
}

impl Disrupted {
    fn new() -> Disrupted {
        let compile = |p: String| Regex::new(&p).expect("frame cue pattern");
        Disrupted {
            verb: compile(format!(r"\b{DISRUPT}")),
            weapon: compile(format!(r"\b{WEAPON}")),
            weapon_here: compile(format!(r"^{WEAPON}")),
            passive_here: compile(format!(r"^(?:was|were|been|being)\s+(?:\w+\s+)?{DISRUPT}")),
        }
    }

    /// "Seized … weapons": the cue from the verb to the weapon.
    fn active<'t>(&self, t: &'t str) -> Option<&'t str> {
        self.verb
            .find_iter(t)
            .find_map(|m| within_words(t, m.start(), m.end(), 8, &self.weapon_here))
    }

    /// "Weapons … were seized": the cue from the weapon to the verb.
    fn passive<'t>(&self, t: &'t str) -> Option<&'t str> {
        self.weapon
            .find_iter(t)
            .find_map(|m| within_words(t, m.start(), m.end(), 7, &self.passive_here))
    }
}

/// Whether `c` is a word character as patterns read `\w`.
fn is_word_char(c: char) -> bool {
    regex_syntax::try_is_word_character(c).unwrap_or(false)
}

/// From a match `start..end` inside a word: the text from `start` to the
/// end of `what`, matched at the start of one of the next `words` words
/// (the first that has it), or `None`. Words are runs of word characters;
/// at least one other character separates each from the next.
fn within_words<'t>(
    t: &'t str,
    start: usize,
    end: usize,
    words: usize,
    what: &Regex,
) -> Option<&'t str> {
    let word_end = |from: usize| {
        t[from..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(t.len(), |(i, _)| from + i)
    };
    // The start of the word after the one ending at `from`.
    let next_word = |from: usize| {
        let (i, _) = t[from..].char_indices().find(|&(_, c)| is_word_char(c))?;
        (i > 0).then_some(from + i)
    };
    let mut at = next_word(word_end(end))?;
    for n in 1..=words {
        if let Some(m) = what.find(&t[at..]) {
            return Some(&t[start..at + m.end()]);
        }
        if n == words {
            break;
        }
        at = next_word(word_end(at))?;
    }
    None
}

static CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues {
    armed_context: cues(&[
        "attack", "militant", "terroris", "gunm", "insurgent", "rebel", "suicide", "bomber", r"bombs?\b",
        "airstrike", "air strike", r"ied\b", "planted", "claimed", "jihad", "troops", "soldier",
        "army", "fighters", "helicopter", "dropped", "fired", "mortar", "isil", "isis", "warplane",
        r"jets\b", "shell",
    ]),
    natural: cues(&[
        "earthquake", "quake", "tremor", "tsunami", "volcan", "eruption", "flood", "landslide",
        "mudslide", "cyclone", "hurricane", "typhoon", "tornado", "tropical storm", "snowstorm",
        "rainstorm", "thunderstorm", "winter storm", "storm surge", "heavy snow", "snowfall",
        "blizzard", "wildfire", "bushfire", "forest fire", "drought", "heatwave", "heat wave",
        "avalanche", "monsoon", "torrential",
    ]),
    industrial: cues(&[
        r"plant\b", "factory", "warehouse", "boiler", "furnace", r"tank\b", "container",
        "cylinder", "pipeline", "refinery", "spill", "leak", "collapse", "derail", "plunged",
        "overturned", "capsized", "sank", "accident", "crash", "poison", "adulterated",
        "contaminat", "wastewater", "radiation", "fire broke out", "caught fire",
        "catching fire", "blaze", "stampede", "crowd crush",
    ]),
    industrial_strong: cues(&[r"plant\b", "factory", "spill", "leak"]),
    disrupted: Disrupted::new(),
    weapon_store: cues(&[r"caches?\b", r"stash\b", r"depots?\b", r"arsenals?\b"]),
    went_off: cues(&[
        r"exploded\b",
        r"went off\b",
        r"blasts?\b",
        r"detonated\b",
        "killed",
    ]),
    from_the_air: cues(&["warplane", r"jets\b", "airstrike", "air strike", "aircraft"]),
    sanctions: cues(&["sanction", "expel", "expulsion", "diplomat", "ambassador"]),
    claim: Regex::new(
        r"\bclaim(?:ed|s)?\s+(?:\w+\s+){0,2}?(?:responsibility|the (?:attack|killing|murder|bombing|assassination)|murder|killing|bombing|attack)",
    )
    .expect("frame cue pattern"),
    explosive_attack: cues(&[
        "explosive", r"ied\b", "emplaced", "landmine", "detonat", "suicide", "airstrike",
        "shelling", "mortar", "bomb attack", "bombing",
    ]),
    fighting_words: cues(&["killed", "clash"]),
    crime: cues(&[
        "drug", "cocaine", "heroin", "hashish", "cannabis", "narcotic", "cartel", r"gangs?\b",
        "trafficking", "trafficker", "smuggl", "robbery", "robber", "robbed", r"rob\b",
        "burglar", "fraud", "pornograph", "mafia", "extortion", "migrants", "illegal immigra",
        "hate crime", "thugs", "counterfeit", "money laundering", "poach",
    ]),
    political: cues(&[
        "militant", "rebel", "terroris", "insurgent", "taliban", "islamic state", "isis",
        "isil", "al-shabab", "jihad", "army", "soldier", "troops", "protest", "demonstrat",
        "boko", "militia",
    ]),
    crime_violence: cues(&[
        "shot dead", "opened fire", "killed", "explosive", "bomb", r"mob\b", "lynch",
    ]),
    demonstration: cues(&[
        "protest", "demonstrat", "rally", "rallies", "rallied", "marched", r"march\b",
        "marches", "marchers", "rioter", r"riots?\b", "rioted", "rioting", "sit-in", "picket",
        "gilets jaunes", "human chain", "took to the streets",
    ]),
    protester_violence: cues(&[
        "rioted", "rioter", r"riots?\b", "rioting", "threw", "throwing", "thrown", "hurled",
        "hurling", "molotov", "petrol bomb", "stones", "rocks", "torched", "set fire",
        "set ablaze", "burned", "burning", "smashed", "vandal", "looted", "looting", "clash",
        "scuffle", "attacked police", "attacked security", "violent protest",
        "violent demonstration", "aggressive", "stormed", "fireworks", "blocked streets",
        "blocked roads", "barricade",
    ]),
    lethal_force: cues(&[
        "killed", "shot dead", "live ammunition", "live bullets", "live fire", "live rounds",
        "fatally", "excessive force", "violently dispersed", "violently suppressed",
        "violently broke", "crackdown", r"die\b", "died",
    ]),
    intervention: cues(&[
        "tear gas", "teargas", "water cannon", "rubber bullet", "pepper", "dispers", "detain",
        "arrest", "baton", "suppress", "broke up", "break up", "halted", "stun grenade",
        "smoke grenade", "nonlethal", "non-lethal", "beat", "charged",
    ]),
    mob: cues(&[r"mobs?\b", "lynch", "vigilante"]),
    headquarters: Regex::new(
        r"\b(?:establish|set up\b|setting up\b|buil[dt]|opened|erect)\w*\s+(?:\w+\s+){0,4}?(?:base|headquarter|observation point|outpost|barracks|military post|point)|\bobservation points?\b|\bnew base\b",
    )
    .expect("frame cue pattern"),
    territory: cues(&[
        // The verb and the act, not the names made of them: "liberat"
        // alone is every "Liberation Army" and "Liberation Front"; "freed"
        // alone frees hostages; "advance" alone is "in advance" ("advancing
        // to the finals").
        "recaptur", "retook", "retake", "regain", r"liberat(?:ed|es|e|ing)\b", "liberation of",
        r"freed (?:a|an|the|several|two|three|four|five|\w+) ?(?:\w+ )?(?:town|village|city|district|area|neighbo|hill|base|region|territor|localit)",
        r"took (?:full )?control", "take control", "seized control", "gained control",
        "established control", "taken control", "in control of", "took over", "taken over",
        "overran", "overrun", "fell to", "pushed back", "drove back", "drove out",
        "driven out", "expelled", "gained ground", "occupied", "seizing", "seized the",
        r"captured (?:a|an|the|several|two|three|four|five|\w+) ?(?:\w+ )?(?:town|village|city|district|area|neighbo|hill|base|post|region|territor|localit|strategic|key)",
        "capturing", "recovered control", r"advanc(?:ed|es|e) (?:on|into|toward|towards)\b",
    ]),
    state_forces: cues(STATE_FORCES),
    non_state: cues(NON_STATE),
    // Both, without "is" (the word, not the group, in most texts).
    organised_force: cues(
        &STATE_FORCES
            .iter()
            .chain(NON_STATE)
            .copied()
            .filter(|w| *w != r"is\b")
            .collect::<Vec<_>>(),
    ),
    withdrawal: cues(&[
        "withdr", "pull back", "pulled back", "pulling back", "handed over", "hand over",
        "handover", "handing over", "without a fight", "without fighting", "evacuat",
        "began leaving", "left the",
    ]),
    combat: cues(&[
        "clash", "fighting", "fought", "battle", "attack", "offensive", "killed", "airstrike",
        "shelling",
    ]),
    arrest: cues(&[
        "arrested", "detained", "taken into custody", "apprehended", "rounded up",
        r"captured (?:a|the) (?:senior |top |key )?(?:commander|leader|suspect|member)",
    ]),
    regrouping: cues(&[
        "reinforc", "dispatched", "deployed", "mobiliz", "mobilis", "recruit", "stationed",
        "build-up", "buildup", "amassed", "amassing", "massing", "new recruits",
    ]),
    place_noun: cues(&[
        "territor", "town", "city", "area", "district", "positions", "region",
    ]),
}
});

/// Whether every word of responsibility claimed or denied in `t`
/// (lowercased) is itself negated: "no group has claimed responsibility".
fn attributions_all_negated(t: &str) -> bool {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:claim(?:ed|s)?|denied|rejected)\b").expect("static pattern")
    });
    let mut any = false;
    for m in WORDS.find_iter(t) {
        if !negated_before(t, m.start()) {
            return false;
        }
        any = true;
    }
    any
}

/// The last four words before `at`, nearest first; `joiner` is the one
/// mark besides letters and digits that a word may hold.
fn words_before(t: &str, at: usize, joiner: char) -> impl Iterator<Item = &str> {
    t[..at]
        .rsplit(move |c: char| !c.is_alphanumeric() && c != joiner)
        .filter(|w| !w.is_empty())
        .take(4)
}

/// Whether the few words before `at` forbid what follows ("lifted the ban
/// on opposition rallies", "banned all protests") or put it in the future:
/// a demonstration that is forbidden, allowed again or still to come is
/// not one that took place (codebook: a protest is a public demonstration
/// held).
fn forbidden_before(t: &str, at: usize) -> bool {
    words_before(t, at, '-').any(|w| FORBIDDING.contains(&w) || PROSPECTIVE.contains(&w))
}

/// Words that put what they modify in the future ("ahead of a planned
/// rally", "an upcoming march"): a demonstration still to come has not
/// taken place either.
const PROSPECTIVE: &[&str] = &["planned", "upcoming", "proposed", "scheduled", "ahead"];

/// Words that forbid what they govern: a demonstration or an attack under
/// them is a rule about one, not one that took place.
pub(crate) const FORBIDDING: &[&str] = &[
    "ban",
    "bans",
    "banned",
    "banning",
    "prohibit",
    "prohibited",
    "prohibiting",
    "outlawed",
];

/// Whether the few words before `at` deny what follows: "no group has",
/// "nobody", "has not yet", "have yet to".
fn negated_before(t: &str, at: usize) -> bool {
    words_before(t, at, '\'').any(|w| {
        matches!(
            w,
            "no" | "not" | "nobody" | "none" | "never" | "yet" | "hasn't" | "haven't" | "didn't"
        )
    })
}

fn frame(label: &'static str, frame: &'static str, m: regex::Match<'_>) -> Option<Frame> {
    frame_cue(label, frame, m.as_str())
}

fn frame_cue(label: &'static str, frame: &'static str, cue: &str) -> Option<Frame> {
    Some(Frame {
        label,
        frame,
        cue: cue.trim().to_string(),
    })
}

/// Frames that outrank the weapon and manner cues: sanctions and
/// expulsions, diplomats and ambassadors (diplomacy even when the text
/// names a chemical attack; an embassy is a building, where a rocket or a
/// protest may land),
/// disasters (a chemical leak, an exploding boiler, an earthquake), and
/// weapons seized or defused (the grenade in the text never went off).
pub fn overriding(text: &str) -> Option<Frame> {
    overriding_as(text, Claims::Decide)
}

/// Whether a claim of responsibility decides the story's label. CASE 2021
/// labels the story of a claimed attack a claim (ATTRIB); ACLED codes the
/// attack itself, and [`acled_story_label`] reads the story that way.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Claims {
    Decide,
    ReadThrough,
}

fn overriding_as(text: &str, claims: Claims) -> Option<Frame> {
    let t = crate::lowercase::to_lowercase(text);
    let c = &*CUES;
    // A claim of responsibility is its own story (ATTRIB), whatever the
    // attack it claims.
    // ("No group claimed responsibility" claims nothing.)
    if let Some(m) = c
        .claim
        .find_iter(&t)
        .find(|m| claims == Claims::Decide && !negated_before(&t, m.start()))
    {
        return frame("ATTRIB", CLAIM, m);
    }
    if let Some(m) = c.sanctions.find(&t) {
        if !c.fighting_words.is_match(&t) && !c.explosive_attack.is_match(&t) {
            return frame("DIPLO", "sanctions or expulsions", m);
        }
    }
    let armed = c.armed_context.is_match(&t);
    if let Some(m) = c.industrial.find(&t) {
        if !armed && !c.demonstration.is_match(&t) {
            if let Some(n) = c
                .natural
                .find(&t)
                .filter(|_| !c.industrial_strong.is_match(&t))
            {
                return frame("NATURAL_DISASTER", "natural disaster", n);
            }
            return frame("MAN_MADE_DISASTER", "accident with no attacker", m);
        }
    }
    if let Some(m) = c.natural.find(&t) {
        if !armed {
            return frame("NATURAL_DISASTER", "natural disaster", m);
        }
    }
    let seized = c
        .disrupted
        .active(&t)
        .or_else(|| c.disrupted.passive(&t))
        .or_else(|| c.weapon_store.find(&t).map(|m| m.as_str()));
    if let Some(cue) = seized {
        if !c.went_off.is_match(&t) && !c.from_the_air.is_match(&t) {
            return frame_cue("DISR_WEAP", "weapons seized or defused", cue);
        }
    }
    None
}

/// Whether the text (lowercased) names armed or political people by the
/// words the story frames read them by: militants, rebels, troops, an
/// army, protesters (a violent word beside them is no figure of speech).
pub fn names_armed_people(lower: &str) -> bool {
    CUES.political.is_match(lower)
}

/// Whether the text (lowercased) names an organised armed force, state or
/// not, or armed people: ACLED's strategic developments (weapons seized,
/// a base set up, forces moved, territory handed over) are the acts of
/// such groups, and "Home Depot", "recruiting engineers" or "left the
/// company" are not.
fn forces_named(lower: &str) -> bool {
    // "Kurdish forces", "the air force"; "joined forces" is an idiom.
    static FORCES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\w+)\s+forces?\b").expect("frame cue pattern"));
    let c = &*CUES;
    c.organised_force.is_match(lower)
        || c.political.is_match(lower)
        || naming::anonymous(lower)
        || FORCES.captures_iter(lower).any(|m| {
            !matches!(
                &m[1],
                "join" | "joins" | "joined" | "joining" | "market" | "of" | "driving" | "the"
            )
        })
}

/// Whether the text (lowercased) names a weapon by a word with no
/// everyday sense: "device", "depot", "cache", "stash" and "arsenal" are
/// also phones, shops, memory and collections ("Home Depot", "found the
/// device"), so alone they name no arms.
fn arms_named(lower: &str) -> bool {
    CUES.disrupted.weapon.find_iter(lower).any(|m| {
        !matches!(
            m.as_str(),
            "device" | "depot" | "cache" | "stash" | "arsenal"
        )
    })
}

/// Frames read after the weapon and manner cues: organised crime with
/// no political actor, demonstrations (sub-type by who used force and
/// how), bases set up, and territory changing hands.
pub fn story(text: &str) -> Option<Frame> {
    story_with(&crate::lowercase::to_lowercase(text), None)
}

/// [`story`] of the lowercased text `t`, where `forces` says whether an
/// armed force takes part (read from the text when `None`).
fn story_with(t: &str, forces: Option<bool>) -> Option<Frame> {
    let c = &*CUES;
    if let Some(m) = c.crime.find(t) {
        if !c.political.is_match(t) && !c.crime_violence.is_match(t) {
            return frame("ORG_CRIME", "crime with no political actor", m);
        }
    }
    if let Some(d) = demonstration(t) {
        return Some(d);
    }
    let forces = forces.unwrap_or_else(|| forces_named(t));
    if let Some(m) = c.headquarters.find(t).filter(|_| forces) {
        return frame("HQ_ESTABLISHED", "a base set up", m);
    }
    if let Some(f) = territory(t).filter(|_| forces) {
        return Some(f);
    }
    // Arrests and a force's own movements are events only when nothing
    // violent happened; otherwise the violence is the story.
    if c.fighting_words.is_match(t) || c.combat.is_match(t) {
        return None;
    }
    if let Some(m) = c.arrest.find(t) {
        if c.state_forces.is_match(t) {
            return frame("ARREST", "arrests by state forces", m);
        }
    }
    c.regrouping
        .find(t)
        .filter(|_| forces)
        .and_then(|m| frame("CHANGE_TO_GROUP_ACT", "forces moved or reinforced", m))
}

/// ACLED's demonstration sub-types, in its order of precedence: violence
/// by the demonstrators makes the event a riot whatever the police did;
/// lethal force against peaceful demonstrators outranks dispersal.
fn demonstration(t: &str) -> Option<Frame> {
    let c = &*CUES;
    // The demonstration must be in the lead: a story about an IED that
    // mentions a rally three sentences on is not a demonstration story.
    // "March 12" is a date, not a march.
    // The lead is taken as the first 150 characters and the rest of their
    // sentence: datelines and "St." would make a first-full-stop cut too short.
    let lead_end = t
        .char_indices()
        .nth(150)
        .and_then(|(i, _)| t[i..].find(". ").map(|j| i + j + 1))
        .unwrap_or(t.len());
    // A bomb or a shell in the story makes it that attack, even at a
    // rally — unless the demonstrators themselves turned violent.
    if c.explosive_attack.is_match(t) && !c.protester_violence.is_match(t) {
        return None;
    }
    let participants = c.demonstration.find_iter(&t[..lead_end]).find(|m| {
        (m.as_str() != "march"
            || !t[m.end()..]
                .trim_start()
                .starts_with(|ch: char| ch.is_ascii_digit()))
            && !forbidden_before(t, m.start())
    })?;
    if let Some(m) = c.mob.find(t) {
        return frame("MOB_VIOL", "a mob", m);
    }
    if let Some(m) = c.protester_violence.find(t) {
        return frame("VIOL_DEMONSTR", "demonstrators used violence", m);
    }
    // What the demonstrators demand or protest against ("the release of
    // detained activists", "justice for a student killed by police") is
    // not how the demonstration went.
    let grievance = crate::acled::grievance_spans(t);
    let at_protest = |m: &regex::Match<'_>| !grievance.iter().any(|g| g.contains(&m.start()));
    if let Some(m) = c.lethal_force.find_iter(t).find(at_protest) {
        return frame(
            "FORCE_AGAINST_PROTEST",
            "lethal force against demonstrators",
            m,
        );
    }
    if let Some(m) = c.intervention.find_iter(t).find(at_protest) {
        return frame(
            "PROTEST_WITH_INTER",
            "demonstration dispersed or detained",
            m,
        );
    }
    frame(
        "PEACE_PROTEST",
        "demonstration without violence",
        participants,
    )
}

/// Territory changing hands: withdrawal without fighting, otherwise the
/// sub-type follows whose forces are named before the cue in its sentence.
fn territory(t: &str) -> Option<Frame> {
    let c = &*CUES;
    let withdrawal = c.withdrawal.find(t).filter(|_| !c.combat.is_match(t));
    let Some(m) = c.territory.find(t) else {
        return withdrawal
            .filter(|_| c.place_noun.is_match(t))
            .and_then(|w| frame("NON_VIOL_TERRIT_TRANSFER", "withdrawal", w));
    };
    if let Some(w) = withdrawal {
        return frame("NON_VIOL_TERRIT_TRANSFER", "withdrawal", w);
    }
    let before = &t[..m.start()];
    let subject = before.rfind(". ").map_or(before, |i| &before[i + 2..]);
    // The first force named before the verb is its subject, unless it only
    // speaks ("an army spokesman said militants gained control" — the
    // militants did); in the passive ("were pushed back") it is the side
    // that lost.
    let acting = |m: &regex::Match<'_>| !subject[m.end()..].trim_start().starts_with("spokes");
    let state = c
        .state_forces
        .find_iter(subject)
        .find(acting)
        .map(|s| s.start());
    let rebel = c
        .non_state
        .find_iter(subject)
        .find(acting)
        .map(|s| s.start());
    let state_took = match (state, rebel) {
        (Some(s), Some(r)) => s < r,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => return None,
    };
    let displaced = ["pushed back", "drove", "driven out", "expelled"]
        .iter()
        .any(|d| m.as_str().starts_with(d));
    let passive = displaced
        && (subject.trim_end().ends_with(" were") || subject.trim_end().ends_with(" was"));
    let label = if state_took != passive {
        "GOV_REGAINS_TERIT"
    } else {
        "NON_STATE_ACTOR_OVERTAKES_TER"
    };
    frame(label, "territory changed hands", m)
}

/// A whole story's label, the way a coder reads a snippet: the
/// overriding frames, then a decisive weapon or manner (a claim of
/// responsibility, a suicide bombing, a grenade) from the words or from
/// the main event, then the story frames, then the main event's own
/// sub-type, then the strongest keyword class, and last the kind of
/// out-of-scope story (an accusation or diplomacy).
pub fn story_label(text: &str, events: &[Event]) -> Frame {
    label_as(text, events, Claims::Decide)
}

/// The story's label for ACLED when it is a claim of responsibility
/// ([`Frame::is_claim`]): the claimed act's type, read as [`story_label`]
/// reads a story with no claim in it.
pub fn acled_story_label(text: &str, events: &[Event]) -> Frame {
    label_as(text, events, Claims::ReadThrough)
}

fn label_as(text: &str, events: &[Event], claims: Claims) -> Frame {
    // An accident or a crime "with no attacker" is no such thing when
    // the parse found someone attacking: "a mob lynched a factory
    // manager", "a crowd beat gang members to death".
    let attacked = events.iter().any(|e| {
        e.plover.event == PloverType::Assault
            && e.actors.iter().any(|a| {
                !a.text.is_empty()
                    && (a.name.is_some() || !a.sector.is_empty() || naming::names_people(a))
            })
    });
    // Weapons seized, bases set up, forces moved and territory handed
    // over are acts of organised armed groups: the text or the parse must
    // name one.
    let armed_party = events.iter().any(|e| {
        e.actors
            .iter()
            .chain(&e.recipients)
            .any(|a| !a.text.is_empty() && a.sector.iter().any(|s| crate::roles::armed_sector(s)))
    });
    let lower = crate::lowercase::to_lowercase(text);
    let forces = armed_party || forces_named(&lower);
    if let Some(f) = overriding_as(text, claims).filter(|f| {
        !(attacked && f.label == "MAN_MADE_DISASTER")
            && (f.label != "DISR_WEAP" || forces || arms_named(&lower))
    }) {
        return f;
    }
    // ("No group claimed responsibility": a claim denied by its own
    // sentence is no attribution; the next keyword class decides.)
    let keywords: Vec<&str> = acled::keyword_labels(text)
        .into_iter()
        .filter(|&k| {
            k != "ATTRIB" || (claims == Claims::Decide && !attributions_all_negated(&lower))
        })
        .collect();
    let keyword = keywords.first().copied();
    if let Some(kw) = keywords
        .iter()
        .find(|&&k| acled::DECISIVE.contains(&k) && told_as_act(k, text, events))
    {
        return decided(kw, "decisive keyword");
    }
    let main = events
        .iter()
        .find_map(|e| e.acled.as_ref())
        .and_then(|a| acled::case_label(&a.sub_event_type));
    if let Some(l) = main.filter(|l| acled::DECISIVE.contains(l)) {
        return decided(l, "main event's weapon or manner");
    }
    // A force's movements are the story only when nothing violent
    // happened (see `story`): an attack the parse read ("an IED exploded
    // targeting a vehicle of the Popular Mobilization Forces, killing one")
    // is violence the frame's cue words missed.
    let violent_act = events
        .iter()
        .any(|e| e.plover.event == PloverType::Assault && e.trigger.is_some() && e.acled.is_some());
    let overruled = |f: &Frame| match f.label {
        "ORG_CRIME" => attacked && (crowd_attacked(events) || took_territory(events)),
        "CHANGE_TO_GROUP_ACT" => violent_act,
        _ => false,
    };
    if let Some(f) = story_with(&lower, Some(forces)).filter(|f| !overruled(f)) {
        // "Demonstration without violence" is the absence of force cues in
        // the words; the main event read off the parse ("police opened fire
        // on protesters, killing three") may say force was used, and then
        // it is the better witness.
        if let Some(l) =
            main.filter(|l| f.label == "PEACE_PROTEST" && FORCE_AT_DEMONSTRATION.contains(l))
        {
            return decided(l, "main event: force at a demonstration");
        }
        return f;
    }
    if let Some(l) = main {
        return decided(l, "main event");
    }
    // A bare keyword types the story as a conflict event only where someone
    // armed, or a mob, takes part: with no act the clause rules typed and
    // no armed force in the text or the parse, "deal", "rally" or
    // "protest" is business, markets or talk. (Disasters and other kinds
    // outside ACLED need no party.)
    let party = |kw: &str| {
        acled::outside(kw).is_some()
            || forces
            || CUES.mob.is_match(&lower)
            || naming::anonymous(&lower)
    };
    if let Some(kw) = keyword.filter(|kw| party(kw)) {
        return decided(kw, KEYWORD);
    }
    if events.iter().any(|e| e.plover.event == PloverType::Accuse) {
        decided("ATTRIB", ACCUSATION)
    } else {
        decided("DIPLO", NO_VIOLENCE)
    }
}

/// Whether a decisive weapon or manner tells how the story's act was done.
/// Where the parse read violent acts, the word must stand in the paragraph
/// of the main one (listed first, the one the story is coded by): a weapon
/// named paragraphs away as background ("he had been accused of chemical
/// attacks in 2018", "the manual described how to build a grenade") is not
/// how this story's act was done. The paragraph, not the act's own
/// sentence, because a report often names the weapon in a sentence the
/// parse read no act from ("in the worst attack with poison gas of the
/// war, at least 50 were killed"). Where it read no act, the word is the
/// only witness of one and counts. A claim of responsibility is told beside
/// the act and counts wherever it stands.
fn told_as_act(keyword: &str, text: &str, events: &[Event]) -> bool {
    let main_act = events
        .iter()
        .find(|e| e.plover.event == PloverType::Assault && e.acled.is_some());
    // Codebook: an abduction with dead reported is an attack.
    if keyword == "ABDUCT_DISSAP"
        && main_act.is_some_and(|e| {
            e.fatalities
                .as_ref()
                .is_some_and(|f| f.min.unwrap_or(0) > 0)
        })
    {
        return false;
    }
    let in_paragraph_of = |e: &Event| {
        e.evidence
            .iter()
            .any(|span| acled::keyword_labels(paragraph_at(text, span.start)).contains(&keyword))
    };
    // With no attack read, a weapon named in the very words of an arrest or
    // a seizure the parse did read ("soldiers arrested a man carrying two
    // grenades", "police seized a suicide vest") is what was found or
    // taken, not how an attack was done: the act is the witness, not the
    // word. (A ban is no such act: "banned chlorine munitions were
    // dropped" names the weapon used.)
    let in_other_act = || {
        events.iter().any(|e| {
            e.plover.event == PloverType::Coerce
                && e.plover.mode.iter().any(|m| m == "arrest" || m == "seize")
                && e.trigger.is_some()
                && e.evidence.iter().any(|span| {
                    text.get(span.start..span.end)
                        .is_some_and(|s| acled::keyword_labels(s).contains(&keyword))
                })
        })
    };
    keyword == "ATTRIB"
        || match main_act {
            Some(e) => in_paragraph_of(e),
            None => !in_other_act(),
        }
}

/// The paragraph (text between blank lines) that holds byte `at`.
fn paragraph_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let (before, after) = (text.get(..at).unwrap_or(""), text.get(at..).unwrap_or(""));
    let start = before.rfind("\n\n").map_or(0, |i| i + 2);
    let end = after.find("\n\n").map_or(text.len(), |i| at + i);
    text.get(start..end).unwrap_or(text)
}

/// A crowd attacked someone (ACLED's mob violence), whatever crime the
/// victims were accused of: an assault by Rioters, or by people whose
/// words make them a crowd ([`naming::crowd_acts`]).
fn crowd_attacked(events: &[Event]) -> bool {
    events.iter().any(|e| {
        e.plover.event == PloverType::Assault
            && (e
                .actors
                .iter()
                .any(|a| a.name.as_deref().is_some_and(|n| n.starts_with("Rioters")))
                || naming::crowd_acts(&e.actors))
    })
}

/// Someone took a place by force (codebook, Battles: a gang or militia
/// that overruns a town fights for territory, whatever crimes the story
/// also tells of it).
fn took_territory(events: &[Event]) -> bool {
    events.iter().any(|e| {
        e.plover.event == PloverType::Assault
            && e.acled.as_ref().is_some_and(|a| {
                matches!(
                    a.sub_event_type.as_str(),
                    "Non-state actor overtakes territory" | "Government regains territory"
                )
            })
    })
}

/// Demonstration sub-types in which someone used force: a main event of one
/// of these outranks a demonstration frame that found no force cue.
const FORCE_AT_DEMONSTRATION: &[&str] = &[
    "FORCE_AGAINST_PROTEST",
    "PROTEST_WITH_INTER",
    "VIOL_DEMONSTR",
    "MOB_VIOL",
];

/// The decisions [`story_label`] falls back to when nothing more specific
/// decided: a bare keyword class, or the kind of out-of-scope story.
const KEYWORD: &str = "keyword";
const CLAIM: &str = "a claim of responsibility";
const ACCUSATION: &str = "an accusation, outside ACLED's scope";
const NO_VIOLENCE: &str = "no violent event, outside ACLED's scope";

impl Frame {
    /// Whether this is one of [`story_label`]'s fallbacks rather than a
    /// frame, a decisive cue or the main event's own sub-type.
    pub fn is_fallback(&self) -> bool {
        matches!(self.frame, KEYWORD | ACCUSATION | NO_VIOLENCE)
    }

    /// Whether the story is a claim of responsibility (not an accusation
    /// read from an event's type).
    pub fn is_claim(&self) -> bool {
        self.frame == CLAIM
    }
}

fn decided(label: &'static str, frame: &'static str) -> Frame {
    Frame {
        label,
        frame,
        cue: String::new(),
    }
}

#[cfg(test)]
mod tests {
    /// The walk finds what the single patterns it replaced found.
    fn old_patterns() -> (Regex, Regex) {
        (
            Regex::new(&format!(r"\b{DISRUPT}\w*\W+(?:\w+\W+){{0,7}}?{WEAPON}")).unwrap(),
            Regex::new(&format!(
                r"\b{WEAPON}\w*\W+(?:\w+\W+){{0,6}}?(?:was|were|been|being)\s+(?:\w+\s+)?{DISRUPT}"
            ))
            .unwrap(),
        )
    }

    fn same_as_old_patterns(t: &str) {
        let (active, passive) = old_patterns();
        let d = &CUES.disrupted;
        assert_eq!(
            d.active(t),
            active.find(t).map(|m| m.as_str()),
            "active: {t}"
        );
        assert_eq!(
            d.passive(t),
            passive.find(t).map(|m| m.as_str()),
            "passive: {t}"
        );
    }

    #[test]
    fn weapons_disrupted_are_found_as_by_one_pattern() {
        for t in [
            "police seized two rifles and a pistol at a checkpoint near mosul.",
            "troops discovered a large cache of mortar rounds hidden in a farmhouse.",
            "sappers defused the device before it could go off.",
            "the army said it had intercepted and shot down three drones over kharkiv.",
            "air defences downed a uav; no one was hurt.",
            "the grenades were seized in a raid in ouagadougou's outskirts.",
            "the weapons, which had been smuggled from the north, were later confiscated by customs.",
            "several improvised explosive devices being dismantled by engineers in tillabéri",
            "bombs were being defused",
            "rockets were found",
            "the arms were",
            "seized",
            "seized —",
            "seized — weapons",
            "found one two three four five six seven weapons",
            "found one two three four five six seven eight weapons",
            "rifle one two three four five six was seized",
            "rifle one two three four five six seven was seized",
            "the foundation's armsbearers met; armed men recovered",
            "gendarmes récupéré mines près de kidal: found mines",
            "the rocket washington was seized",
            "machine guns were recovered in douala; weapons were downed",
            "confiscated: 12 ak-47s, rpg launchers and tnt",
            "شرطة seized أسلحة weapons",
            "the ied was being neutralised when it exploded",
            "no weapons were found, the ministry said, after troops retrieved bombers",
        ] {
            same_as_old_patterns(t);
        }
    }

    /// Run by hand over a folder of texts: `SITREP_DISRUPT_DIR=… cargo test
    /// --release -p sitrep-events disrupted_on_a_folder -- --ignored`.
    #[test]
    #[ignore]
    fn disrupted_on_a_folder() {
        let dir = std::env::var("SITREP_DISRUPT_DIR").unwrap();
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap_or_default();
            for line in text.lines() {
                same_as_old_patterns(&line.to_lowercase());
                n += 1;
            }
            same_as_old_patterns(&text.to_lowercase());
        }
        eprintln!("{n} lines compared");
    }

    use super::*;

    fn label(text: &str) -> Option<&'static str> {
        overriding(text).or_else(|| story(text)).map(|f| f.label)
    }

    #[test]
    fn demonstrations_by_who_used_force() {
        assert_eq!(
            label("French police clashed on Saturday with hundreds of protesters in Paris."),
            Some("VIOL_DEMONSTR")
        );
        assert_eq!(
            label("Police fired tear gas to disperse a rally by opposition supporters."),
            Some("PROTEST_WITH_INTER")
        );
        assert_eq!(
            label("Security forces opened fire on a peaceful march, and three protesters died."),
            Some("FORCE_AGAINST_PROTEST")
        );
        assert_eq!(
            label("Thousands of teachers marched to parliament demanding higher pay."),
            Some("PEACE_PROTEST")
        );
        // A date is not a march.
        assert_eq!(
            label("Six troops were killed on March 12 when their vehicle hit a landmine."),
            None
        );
    }

    #[test]
    fn a_bomber_stopped_is_a_disrupted_attack() {
        let t = "Soldiers intercepted a suicide bomber at a checkpoint outside Mogadishu before he could reach the market.";
        assert_eq!(label(t), Some("DISR_WEAP"));
    }

    #[test]
    fn a_claim_nobody_made_is_no_attribution() {
        let t = "A bomb planted in a car exploded in Homs on Monday, killing two soldiers. No group claimed responsibility for the attack.";
        assert_eq!(label(t), None);
        assert_ne!(story_label(t, &[]).label, "ATTRIB");
        let t = "Gunmen killed a judge in Quetta on Friday. The Pakistani Taliban claimed responsibility.";
        assert_eq!(story_label(t, &[]).label, "ATTRIB");
    }

    #[test]
    fn claims_and_bombs_outrank_the_setting() {
        assert_eq!(
            label("The group claimed the killing of a blogger two months ago."),
            Some("ATTRIB")
        );
        // An IED at a rally is the bombing, not the rally.
        assert_eq!(
            overriding("An IED emplaced by militants detonated near a rally, killing five.")
                .or_else(|| story(
                    "An IED emplaced by militants detonated near a rally, killing five."
                ))
                .map(|f| f.label),
            None
        );
    }

    #[test]
    fn seized_weapons_are_not_attacks() {
        assert_eq!(
            label("Police seized two grenades and a rifle during a raid in the capital."),
            Some("DISR_WEAP")
        );
        assert_eq!(
            label("An improvised explosive device was found near the airport and defused."),
            Some("DISR_WEAP")
        );
        assert_eq!(
            label("Warplanes destroyed a weapons depot used by the militants."),
            None
        );
    }

    #[test]
    fn accidents_and_disasters_are_outside_acled() {
        assert_eq!(
            label("Two workers were hurt when a boiler exploded at a chemical plant."),
            Some("MAN_MADE_DISASTER")
        );
        assert_eq!(
            label("A strong earthquake killed eight people on the island."),
            Some("NATURAL_DISASTER")
        );
        // A crowd that crushes its own is an accident, not an attack.
        assert_eq!(
            label("At least 40 pilgrims were killed in a stampede at the shrine on Friday."),
            Some("MAN_MADE_DISASTER")
        );
        // A chemical attack is not an industrial accident.
        assert_eq!(
            overriding("A helicopter dropped containers of chlorine gas on the town."),
            None
        );
    }

    #[test]
    fn an_embassy_is_a_place_not_a_sanction() {
        assert_eq!(
            label("Moscow expelled three British diplomats on Friday."),
            Some("DIPLO")
        );
        assert_eq!(
            overriding("Two rockets landed near the US embassy in Baghdad, wounding a guard."),
            None
        );
    }

    #[test]
    fn territory_follows_who_took_it() {
        assert_eq!(
            label("Government troops recaptured the town from the rebels on Friday."),
            Some("GOV_REGAINS_TERIT")
        );
        assert_eq!(
            label("Taliban militants captured a district in Kunduz province."),
            Some("NON_STATE_ACTOR_OVERTAKES_TER")
        );
        assert_eq!(
            label("Kurdish forces withdrew from the city and handed over their positions."),
            Some("NON_VIOL_TERRIT_TRANSFER")
        );
    }
}
