//! One event, many mentions: within a document, "the strike", "the latest
//! Baghdad attack" and "the assassination of Abu Bakr al-Saadi" are folded
//! into the event they refer to, keeping every evidence span.

use sitrep_core::{Actor, Event, PloverType, Span};

pub struct Mention {
    pub sentence: usize,
    pub violent: bool,
    /// The trigger is the main predicate of its sentence.
    pub main: bool,
    /// A violent word whose clause gave nothing beside the word itself
    /// (no participant a coder could name, no harm, weapon or place): an
    /// act only where the story tells of violence elsewhere.
    pub unattested: bool,
    kind: Kind,
}

enum Kind {
    Event(Box<Event>),
    /// A definite reference without new arguments: attaches to the most
    /// recent compatible event.
    Anaphor {
        plover: PloverType,
        evidence: Span,
        place_hint: Option<String>,
    },
}

impl Mention {
    pub fn event(sentence: usize, violent: bool, main: bool, e: Event) -> Mention {
        Mention {
            sentence,
            violent,
            main,
            unattested: false,
            kind: Kind::Event(Box::new(e)),
        }
    }

    pub fn anaphor(
        sentence: usize,
        plover: PloverType,
        evidence: Span,
        _t_start: usize,
        _t_end: usize,
        place_hint: Option<String>,
    ) -> Mention {
        Mention {
            sentence,
            violent: plover == PloverType::Assault,
            main: false,
            unattested: false,
            kind: Kind::Anaphor {
                plover,
                evidence,
                place_hint,
            },
        }
    }
}

impl Mention {
    /// A mention that reports an event (not a reference back to one).
    pub fn is_event(&self) -> bool {
        matches!(self.kind, Kind::Event(_))
    }
}

/// Joins `other` into `into` when both are events of one PLOVER type
/// (two mentions of one act in a sentence); whether it did.
pub fn join(into: &mut Mention, other: &Mention) -> bool {
    let (Kind::Event(a), Kind::Event(b)) = (&mut into.kind, &other.kind) else {
        return false;
    };
    if a.plover.event != b.plover.event {
        return false;
    }
    // One half said who suffered, the other that the sufferers began it
    // and against whom ("9 fighters were killed when troops repulsed
    // their attack"): the side that began it is not also the other side.
    let began = names(&b.actors);
    let suffered_began = a
        .recipients
        .iter()
        .any(|r| r.name.as_ref().is_some_and(|n| began.contains(n)))
        && b.recipients
            .iter()
            .any(|r| r.name.as_ref().is_some_and(|n| !began.contains(n)));
    absorb(a, (**b).clone());
    if suffered_began {
        a.recipients
            .retain(|r| r.name.as_ref().is_none_or(|n| !began.contains(n)));
    }
    into.main |= other.main;
    true
}

/// Whether two violent mentions of one sentence are one act told in two
/// halves that the parse failed to tie ("On 18 March 2020, Taliban
/// militants ambushed and killed 1 police officer" parsed with the date
/// as root and both verbs hung on it): one says only who acted, the other
/// only who suffered, and nothing they say disagrees. ACLED codes one
/// interaction per event (codebook, event definition); the sentence names
/// one of each side.
pub fn completes(a: &Mention, b: &Mention) -> bool {
    let (Kind::Event(a), Kind::Event(b)) = (&a.kind, &b.kind) else {
        return false;
    };
    if a.plover.event != PloverType::Assault || b.plover.event != PloverType::Assault {
        return false;
    }
    let stated = |e: &Event| e.actors.iter().any(|x| !implied_attacker(x));
    let acted_only = |e: &Event| stated(e) && e.recipients.is_empty();
    let suffered_only = |e: &Event| !stated(e) && !e.recipients.is_empty();
    if !((acted_only(a) && suffered_only(b)) || (suffered_only(a) && acted_only(b))) {
        return false;
    }
    match (&a.location, &b.location) {
        (Some(p), Some(q)) if !p.text.is_empty() && !q.text.is_empty() => p.name == q.name,
        _ => true,
    }
}

/// Whether `b`, an attack that names no one (its attacker at most the
/// unidentified group a place implies, no one hit), can be the
/// circumstance of `a`, an act of another kind ("arrested three suspects
/// in a raid"): the raid is how the arrests were made, not a second
/// event with an attacker of its own. The caller checks the parse ties
/// them that way.
pub fn is_circumstance_of(b: &Mention, a: &Mention) -> bool {
    let (Kind::Event(a), Kind::Event(b)) = (&a.kind, &b.kind) else {
        return false;
    };
    b.plover.event == PloverType::Assault
        && a.plover.event != PloverType::Assault
        && b.actors.iter().all(implied_attacker)
        && b.recipients.is_empty()
}

/// How many of the most recent events a new mention may fold into.
///
/// Why: folding compares each mention with the events before it, which is
/// quadratic in the events of a document. A news story has tens (the
/// largest in the news, CASE 2021, ACLED and extraction test texts: 20),
/// so the window changes nothing there; a 10^6-token page of repeated
/// attacks has 60,000 and took minutes in this loop alone. One event told
/// twice is told near itself, within the last 256 events.
pub const FOLD_WINDOW: usize = 256;

/// Folds mentions into events, orders them by salience (mentions, deaths,
/// specificity, position) and numbers them `<doc>:<n>`.
pub fn fold(mentions: Vec<Mention>, doc_id: &str, explain: bool) -> Vec<Event> {
    // event, mention count, mentioned as a sentence's main predicate
    let mut events: Vec<(Event, usize, bool)> = Vec::new();
    for m in mentions {
        let window = events.len().saturating_sub(FOLD_WINDOW);
        match m.kind {
            Kind::Event(e) => {
                if let Some((prev, n, _)) = events.last_mut().filter(|(p, _, _)| outcome_of(p, &e))
                {
                    *n += usize::from(new_telling(prev, &e));
                    absorb(prev, *e);
                } else if let Some((prev, n, main)) = events[window..]
                    .iter_mut()
                    .find(|(p, _, _)| same_event(p, &e))
                {
                    *n += usize::from(new_telling(prev, &e));
                    absorb(prev, *e);
                    *main |= m.main;
                } else {
                    events.push((*e, 1, m.main));
                }
            }
            Kind::Anaphor {
                plover,
                evidence,
                place_hint,
            } => {
                // The most recent event of the type, preferring one whose
                // place the mention names ("the latest Baghdad attack").
                let candidates: Vec<usize> = (window..events.len())
                    .filter(|&i| events[i].0.plover.event == plover)
                    .collect();
                let by_place = place_hint.as_ref().and_then(|h| {
                    candidates.iter().rev().copied().find(|&i| {
                        events[i].0.location.as_ref().is_some_and(|p| {
                            let name = p.name.clone().unwrap_or_default().to_lowercase();
                            !name.is_empty() && h.contains(&name)
                        })
                    })
                });
                let target = by_place.or_else(|| {
                    // Or a place named in the anaphor's own words.
                    candidates.iter().rev().copied().find(|&i| {
                        events[i].0.location.as_ref().is_some_and(|p| {
                            let name = p.name.clone().unwrap_or_default();
                            !name.is_empty() && evidence.text.contains(&name)
                        })
                    })
                });
                let target = target.or_else(|| candidates.last().copied());
                // A mention inside a sentence the event already holds
                // ("killed … during another attack") is that sentence
                // again, not a second telling of the act.
                if let Some(i) = target {
                    if !events[i]
                        .0
                        .evidence
                        .iter()
                        .any(|s| s.start <= evidence.start && evidence.end <= s.end)
                    {
                        events[i].0.evidence.push(evidence);
                        events[i].1 += 1;
                    }
                }
            }
        }
    }
    let n_events = events.len().max(1);
    let mut scored: Vec<(f32, Event)> = events
        .into_iter()
        .enumerate()
        .map(|(pos, (e, n, main))| {
            let mut s = n as f32;
            if main {
                s += 1.0;
            }
            if e.plover.event == PloverType::Assault {
                s += 1.0;
            }
            if e.fatalities.as_ref().and_then(|f| f.min).unwrap_or(0) > 0 {
                s += 1.0;
            }
            if e.location.as_ref().is_some_and(|p| !p.text.is_empty()) {
                s += 0.5;
            }
            s += 0.5 * (1.0 - pos as f32 / n_events as f32);
            (s, e)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .enumerate()
        .map(|(i, (s, mut e))| {
            e.id = format!("{doc_id}:{}", i + 1);
            if explain {
                if let Some(serde_json::Value::Object(map)) = e.explain.as_mut() {
                    map.insert("salience".into(), serde_json::json!(s));
                    map.insert("mentions".into(), serde_json::json!(e.evidence.len()));
                }
            }
            e
        })
        .collect()
}

/// Whether `b` tells `a` in a sentence `a` was not yet told in. Salience
/// counts the sentences that tell an event, not its trigger words: a verb
/// and the noun that names its act in one sentence ("killed two … in an
/// attack") are one telling.
fn new_telling(a: &Event, b: &Event) -> bool {
    b.evidence.iter().any(|y| {
        !a.evidence
            .iter()
            .any(|x| (x.start, x.end) == (y.start, y.end))
    })
}

fn names(actors: &[sitrep_core::Actor]) -> Vec<String> {
    actors.iter().filter_map(|a| a.name.clone()).collect()
}

/// Two mentions in one document are one event when nothing they say
/// disagrees and they share a named participant.
fn same_event(a: &Event, b: &Event) -> bool {
    if a.plover.event != b.plover.event {
        return false;
    }
    let (ra, rb) = (names(&a.recipients), names(&b.recipients));
    let (aa, ab) = (names(&a.actors), names(&b.actors));
    let disagree = |x: &[String], y: &[String]| {
        !x.is_empty() && !y.is_empty() && !x.iter().any(|n| y.contains(n))
    };
    if disagree(&ra, &rb) || disagree(&aa, &ab) {
        return false;
    }
    if let (Some(p), Some(q)) = (&a.location, &b.location) {
        if p.country.is_some() && q.country.is_some() && p.country != q.country {
            return false;
        }
        let specific = |x: &sitrep_core::Place| {
            matches!(
                x.precision,
                Some(sitrep_core::GeoPrecision::Town | sitrep_core::GeoPrecision::Point)
            )
        };
        if specific(p) && specific(q) && p.name != q.name {
            return false;
        }
    }
    // (Only dates the text states disagree: one the story supplied for a
    // mention with no date of its own says nothing against the other.)
    if let (Some(d), Some(e)) = (
        a.date.as_ref().filter(|d| !d.text.is_empty()),
        b.date.as_ref().filter(|d| !d.text.is_empty()),
    ) {
        if let (Some(ds), Some(de), Some(es), Some(ee)) = (&d.start, &d.end, &e.start, &e.end) {
            if de < es || ee < ds {
                return false;
            }
        }
    }
    let shared_recipient = !ra.is_empty() && ra.iter().any(|n| rb.contains(n));
    let shared_actor = !aa.is_empty() && aa.iter().any(|n| ab.contains(n));
    if shared_recipient && (shared_actor || aa.is_empty() || ab.is_empty()) {
        return true;
    }
    // One side doing two things of one kind in one sentence, nothing
    // above setting them apart ("Demonstrators burned tyres and threw
    // stones at police"): one event told by two verbs. (Of one ACLED kind
    // too: "arrested 300 operatives, confiscated 25 kilograms of
    // explosives" are an arrest and a seizure of weapons.)
    let same_sentence = a.evidence.iter().any(|x| {
        b.evidence
            .iter()
            .any(|y| (x.start, x.end) == (y.start, y.end))
    });
    if same_sentence && shared_actor && a.acled == b.acled {
        return true;
    }
    // A mention of the act by its noun that names no one, in the sentence
    // of an act of its kind ("killed two aid workers in an attack on a
    // clinic"): the noun names that act (issue 15: one report, one event).
    let nameless = |e: &Event| e.actors.iter().all(implied_attacker) && e.recipients.is_empty();
    if same_sentence && (nameless(a) || nameless(b)) {
        return true;
    }
    // Unnamed on one side at least ("the strike … the strike was conducted
    // by the same drones"), in one story, on overlapping explicit dates in
    // the same country: one event told twice. The named side says who.
    let unnamed = (ra.is_empty() && aa.is_empty()) || (rb.is_empty() && ab.is_empty());
    let dated = |e: &Event| {
        e.date
            .as_ref()
            .is_some_and(|d| d.start.is_some() && !d.text.is_empty())
    };
    let same_country = match (&a.location, &b.location) {
        (Some(p), Some(q)) => p.country.is_some() && p.country == q.country,
        _ => false,
    };
    unnamed && a.plover.event == PloverType::Assault && dated(a) && dated(b) && same_country
}

/// Whether `b` only tells the outcome of the act told just before it:
/// "On 4 October, forces clashed with insurgents near Mocimboa da Praia. 8
/// insurgents were killed." A death or injury with no one named as doing
/// it, no place and no date of its own, and no means the act did not use,
/// right after a violent act, is that act's toll (ACLED codes one event
/// with its fatalities), not a second event placed and dated by guesswork.
fn outcome_of(a: &Event, b: &Event) -> bool {
    // (A place or date carried over from another sentence is not its own.)
    let own_words = |t: &str| !t.is_empty() && b.evidence.iter().any(|s| s.text.contains(t));
    let nothing_of_its_own = b
        .actors
        .iter()
        .all(|x| x.text.is_empty() && x.sector.iter().all(|s| s == "UAF"))
        && b.date.as_ref().is_none_or(|d| !own_words(&d.text))
        && b.location.as_ref().is_none_or(|p| !own_words(&p.text))
        && b.plover.mode.iter().all(|m| a.plover.mode.contains(m));
    let (ra, rb) = (names(&a.recipients), names(&b.recipients));
    let recipients_agree = ra.is_empty() || rb.is_empty() || ra.iter().any(|n| rb.contains(n));
    a.plover.event == PloverType::Assault
        && b.plover.event == PloverType::Assault
        && (b.fatalities.is_some() || b.injured.is_some())
        && nothing_of_its_own
        && recipients_agree
}

/// An attacker the text does not mention, added because no one is named
/// for an attack (no words, no name yet, only the UAF sector).
fn implied_attacker(a: &sitrep_core::Actor) -> bool {
    a.text.is_empty() && a.name.is_none() && a.sector.iter().all(|s| s == "UAF")
}

/// Whether a count's words add it to dead already counted ("were also
/// killed", "died as well").
fn additive(count_text: &str) -> bool {
    let lower = count_text.to_lowercase();
    lower.split_whitespace().any(|w| w == "also") || lower.contains("as well")
}

/// Folds `b` into `a`: evidence kept, the more specific field wins.
fn absorb(a: &mut Event, b: Event) {
    for s in b.evidence {
        if !a.evidence.iter().any(|x| x.start == s.start) {
            a.evidence.push(s);
        }
    }
    let precision = |p: &Option<sitrep_core::Place>| {
        p.as_ref()
            .and_then(|x| x.precision)
            .unwrap_or(sitrep_core::GeoPrecision::Country)
    };
    let text_empty = |p: &Option<sitrep_core::Place>| p.as_ref().is_none_or(|x| x.text.is_empty());
    if b.location.is_some()
        && (text_empty(&a.location) || precision(&b.location) < precision(&a.location))
        && !text_empty(&b.location)
    {
        a.location = b.location;
    }
    if a.date.as_ref().is_none_or(|d| d.text.is_empty())
        && b.date.as_ref().is_some_and(|d| !d.text.is_empty())
    {
        a.date = b.date;
    }
    match (&a.fatalities, &b.fatalities) {
        (None, Some(_)) => a.fatalities = b.fatalities,
        // "3 soldiers were killed … 4 militants were also killed": the
        // text says these dead are more of the same event's.
        (Some(x), Some(y)) if additive(&y.text) => {
            let add = |p: Option<u32>, q: Option<u32>| Some(p?.saturating_add(q?));
            a.fatalities = Some(sitrep_core::Count {
                text: format!("{} + {}", x.text, y.text),
                min: add(x.min, y.min),
                max: add(x.max, y.max),
            });
        }
        (Some(x), Some(y)) if y.min > x.min => a.fatalities = b.fatalities,
        _ => {}
    }
    if a.injured.is_none() {
        a.injured = b.injured;
    }
    for m in b.plover.mode {
        if !a.plover.mode.contains(&m) {
            a.plover.mode.push(m);
        }
    }
    if a.acled.is_none() {
        a.acled = b.acled;
    }
    for r in b.recipients {
        if !a
            .recipients
            .iter()
            .any(|x| x.name.is_some() && x.name == r.name)
        {
            a.recipients.push(r);
        }
    }
    for r in b.actors {
        if !a
            .actors
            .iter()
            .any(|x| x.name.is_some() && x.name == r.name)
            && a.actors.iter().all(|x| x.name.is_none())
        {
            a.actors.push(r);
        }
    }
    // (An unidentified attacker has no words but is a participant.)
    a.actors
        .retain(|x| x.name.is_some() || !x.text.is_empty() || x.sector.iter().any(|s| s == "UAF"));
    // The unidentified armed group is ACLED's default for an attack no one
    // is named for: a mention of the same act that names who did it ("1
    // soldier was killed … during clashes with Taliban militants") answers
    // the question the default stood in for.
    if a.actors.iter().any(|x| !implied_attacker(x)) {
        a.actors.retain(|x| !implied_attacker(x));
    }
    let mut seen = Vec::new();
    a.actors.retain(|x| {
        let key = (x.text.clone(), x.country.clone(), x.sector.clone());
        let fresh = x.name.is_some() || !seen.contains(&key);
        seen.push(key);
        fresh
    });
    a.confidence = a.confidence.max(b.confidence);
}

/// A side does not fight itself: once the mentions of an act are joined
/// and its participants named, a recipient that is the actor ("Taliban"
/// killed in "their attack was repulsed by local policemen") goes, so long
/// as someone else received the act — with no one else the text may tell
/// of infighting. Weapons said to be the actor's go in any case: a force
/// does not shoot down its own drones, and the owner given them was only
/// the story's country ("air defence forces shot down 18 drones").
pub fn drop_self_recipients(e: &mut Event) {
    let own: Vec<&String> = e.actors.iter().filter_map(|x| x.name.as_ref()).collect();
    let is_own = |r: &sitrep_core::Actor| r.name.as_ref().is_some_and(|n| own.contains(&n));
    let others = e.recipients.iter().any(|r| !is_own(r));
    e.recipients.retain(|r| {
        !is_own(r) || !(others || crate::roles::names_hardware(&r.text.to_lowercase()))
    });
}

/// Within one story a short name refers to the specific group named
/// elsewhere in it: after "Kattayib Hezbollah" in an Iraq story, "the
/// Hezbollah militia" is Kataib Hezbollah, not the Lebanese party the name
/// alone would suggest. A resolved actor from outside the story's main
/// country is replaced by a longer-named actor of the main country that
/// shares a distinctive word with its text.
pub fn unify_aliases(mentions: &mut [Mention], main_country: Option<&str>) {
    let Some(main) = main_country else { return };
    let mut specific: Vec<Actor> = Vec::new();
    for m in mentions.iter() {
        if let Kind::Event(e) = &m.kind {
            for a in e.actors.iter().chain(e.recipients.iter()) {
                if a.country.as_deref() == Some(main)
                    && a.name
                        .as_ref()
                        .is_some_and(|n| n.split_whitespace().count() >= 2)
                    && !specific.iter().any(|s| s.name == a.name)
                {
                    specific.push(a.clone());
                }
            }
        }
    }
    let distinctive = |w: &str| {
        w.len() >= 5
            && w.chars().next().is_some_and(char::is_uppercase)
            && !matches!(
                w,
                "Forces"
                    | "Military"
                    | "Government"
                    | "Police"
                    | "Civilians"
                    | "Protesters"
                    | "Rioters"
                    | "Unidentified"
                    | "Group"
                    | "Armed"
            )
    };
    for m in mentions.iter_mut() {
        if let Kind::Event(e) = &mut m.kind {
            for a in e.actors.iter_mut().chain(e.recipients.iter_mut()) {
                if a.name.is_none() || a.country.as_deref() == Some(main) {
                    continue;
                }
                let hit = specific.iter().find(|s| {
                    let name = s.name.as_deref().unwrap_or_default();
                    let own = a
                        .text
                        .split_whitespace()
                        .chain(a.name.as_deref().unwrap_or_default().split_whitespace());
                    let own: Vec<&str> = own
                        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
                        .collect();
                    let country = country_part(name);
                    name.split_whitespace()
                        .filter(|w| distinctive(w) && !country.split_whitespace().any(|c| c == *w))
                        .any(|w| own.contains(&w))
                });
                if let Some(s) = hit {
                    let text = std::mem::take(&mut a.text);
                    *a = s.clone();
                    a.text = text;
                }
            }
        }
    }
}

/// The country an ACLED-style state or collective name is of: "South
/// Korea" in "Military Forces of South Korea", "Mali" in "Civilians
/// (Mali)". Its words name a state, not the group: "North Korea" shares
/// "Korea" with South Korea's forces and is no alias of them.
fn country_part(name: &str) -> &str {
    let state = [
        "Military Forces of ",
        "Police Forces of ",
        "Intelligence Services of ",
        "Government of ",
    ]
    .iter()
    .find_map(|p| name.strip_prefix(p));
    match state {
        // ("Military Forces of Afghanistan (2014-)": a period, not a place.)
        Some(rest) => rest.split(" (").next().unwrap_or(rest),
        None => name
            .split_once('(')
            .map_or("", |(_, rest)| rest.trim_end_matches(')')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An air strike from the dedup fixtures, its target renamed `n`.
    fn strike(n: usize) -> Event {
        let line = include_str!("../../sitrep-dedup/tests/fixtures/reports.jsonl")
            .lines()
            .next()
            .unwrap_or_default();
        let record: sitrep_core::Record = serde_json::from_str(line).expect("fixture record");
        let mut e = record.events[0].clone();
        let target = &mut e.recipients[0];
        target.name = Some(format!("Group {n}"));
        target.text = format!("group {n}");
        e
    }

    fn mentions(targets: impl Iterator<Item = usize>) -> Vec<Mention> {
        targets
            .enumerate()
            .map(|(k, n)| {
                // Each told in a sentence of its own.
                let mut e = strike(n);
                for span in &mut e.evidence {
                    span.start += 1000 * k;
                    span.end += 1000 * k;
                }
                Mention::event(k, true, false, e)
            })
            .collect()
    }

    /// A mention of an event told again folds into it when the event is
    /// among the last `FOLD_WINDOW` events, as in any news story; past
    /// that (a page of hundreds of distinct events) it stands alone, which
    /// keeps folding linear in the page.
    #[test]
    fn a_state_is_no_alias_of_its_namesake() {
        assert_eq!(
            country_part("Military Forces of South Korea"),
            "South Korea"
        );
        assert_eq!(country_part("Civilians (Mali)"), "Mali");
        assert_eq!(country_part("Kataib Hezbollah"), "");
        assert_eq!(
            country_part("Military Forces of Afghanistan (2014-)"),
            "Afghanistan"
        );
        let actor = |name: &str, country: &str, text: &str| Actor {
            text: text.into(),
            name: Some(name.into()),
            id: None,
            country: Some(country.into()),
            sector: vec!["MIL".into()],
        };
        let mut south = strike(1);
        south.actors = vec![actor(
            "Military Forces of South Korea",
            "KOR",
            "South Korean troops",
        )];
        let mut north = strike(2);
        north.actors = vec![actor(
            "Military Forces of North Korea",
            "PRK",
            "North Korea",
        )];
        let mut mentions = vec![
            Mention::event(0, true, true, south),
            Mention::event(1, true, false, north),
        ];
        unify_aliases(&mut mentions, Some("KOR"));
        let Kind::Event(e) = &mentions[1].kind else {
            panic!("an event");
        };
        assert_eq!(
            e.actors[0].name.as_deref(),
            Some("Military Forces of North Korea")
        );
    }

    #[test]
    fn a_retold_event_folds_only_within_the_window() {
        // Ten strikes on ten groups, then group 0 again: one event.
        let near = fold(mentions((0..10).chain([0])), "d", false);
        assert_eq!(near.len(), 10);
        assert!(near.iter().any(|e| e.evidence.len() == 2));
        // FOLD_WINDOW + 1 strikes, then group 0 again: out of reach.
        let far = fold(mentions((0..=FOLD_WINDOW).chain([0])), "d", false);
        assert_eq!(far.len(), FOLD_WINDOW + 2);
        // The last one again is within reach.
        let last = fold(mentions((0..=FOLD_WINDOW).chain([FOLD_WINDOW])), "d", false);
        assert_eq!(last.len(), FOLD_WINDOW + 1);
    }
}
