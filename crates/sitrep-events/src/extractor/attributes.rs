//! A sentence's fourth step: an event's attributes — when (the time
//! expression that dates its trigger), how many were killed and injured,
//! how it is held (asserted, claimed…), its modes, and how sure sitrep is.

use chrono::NaiveDate;
use sitrep_core::{Attribution, Count, DateRange, Event, Modality};

use super::trigger::Candidate;
use crate::args::{self, Args};
use crate::counts::{self, CountMention};
use crate::dating::pick_date;
use crate::modality;
use crate::sentence::SentView;
use crate::temporal::{self, TimeMention};
use crate::victims;

/// What a sentence says once for all its events: its counts of dead and
/// injured, who it is attributed to, whether it is a claim, and which
/// tokens belong to a time expression (never an actor or a place).
pub(super) struct SentenceFacts {
    pub lower: String,
    pub fatal: Option<CountMention>,
    pub injured: Option<CountMention>,
    pub attribution: Option<Attribution>,
    pub claimed: bool,
    pub time_mask: Vec<bool>,
}

impl SentenceFacts {
    pub fn read(v: &SentView, stext: &str, times: &[TimeMention]) -> Self {
        let lower = stext.to_lowercase();
        let time_mask = v
            .toks
            .iter()
            .map(|t| {
                times
                    .iter()
                    .any(|m| t.start - v.start >= m.start && t.end - v.start <= m.end)
                    || args::is_time_word(&t.text)
            })
            .collect();
        SentenceFacts {
            // A number by its verb, else the victims the parse finds
            // (whatever stands between the number and the verb), else one
            // victim by phrase.
            fatal: victims::fatalities(v, stext)
                .or_else(|| counts::numbered_fatalities(stext))
                .or_else(|| counts::one_fatality(stext)),
            injured: counts::injured(stext),
            attribution: modality::attribution(stext),
            claimed: modality::claimed(&lower),
            time_mask,
            lower,
        }
    }

    /// The dead and injured the sentence counts, for a violent trigger.
    pub fn counts(&self, c: &Candidate) -> (Option<Count>, Option<Count>) {
        let violent = |m: &Option<CountMention>| {
            m.as_ref()
                .filter(|_| c.trig.violent)
                .filter(|f| !self.counted_in_reason(c.rel_start, f.start))
                .map(|f| f.count.clone())
        };
        (violent(&self.fatal), violent(&self.injured))
    }

    /// Whether a count after the trigger stands in the act it answers
    /// ("fired rockets in response to the killing of one of its
    /// commanders"): a reason is another act, with its own dead.
    fn counted_in_reason(&self, trigger: usize, count: usize) -> bool {
        let between = self.lower.get(trigger..count).unwrap_or_default();
        trigger < count && REASONS.iter().any(|r| between.contains(r))
    }

    /// How the event is held: as the words before the trigger say, else
    /// claimed when the sentence is a claim, else asserted.
    pub fn modality(&self, before: Option<Modality>) -> Modality {
        before.unwrap_or(if self.claimed {
            Modality::Claimed
        } else {
            Modality::Asserted
        })
    }
}

/// Words that introduce the act another one answers.
const REASONS: &[&str] = &[
    "in response to",
    "in retaliation for",
    "in revenge for",
    "to avenge",
    "in reprisal for",
];

/// When it happened: the time expression that dates the trigger
/// ([`pick_date`]), else — for an event told as fact — the week before
/// publication.
pub(super) fn date(
    v: &SentView,
    times: &[TimeMention],
    c: &Candidate,
    a: &Args,
    modality: Option<Modality>,
    published: Option<NaiveDate>,
) -> Option<DateRange> {
    pick_date(v, times, c.start, a.support)
        .map(|m| m.range.clone())
        .or_else(|| {
            (modality.is_none())
                .then(|| published.map(temporal::default_recent))
                .flatten()
        })
}

/// The trigger's modes, and for violence the means the sentence names.
pub(super) fn modes(c: &Candidate, lower_sentence: &str) -> Vec<String> {
    let mut modes = c.trig.modes.clone();
    if c.trig.violent {
        add_modes(lower_sentence, &mut modes);
    }
    modes
}

fn add_modes(lower: &str, modes: &mut Vec<String>) {
    use crate::acled::{has_act_word, has_word};
    let table: &[(&[&str], &str)] = &[
        (
            &[
                "airstrike",
                "air strike",
                "warplane",
                "jets",
                "bomber",
                "aircraft",
                "helicopter",
                "air raid",
            ],
            "aerial",
        ),
        (&["drone", "uav", "unmanned"], "drone"),
        (&["suicide"], "suicide-attack"),
        (
            &["ied", "bomb", "explosive", "landmine", "mine", "grenade"],
            "explosives",
        ),
        (
            &["artillery", "mortar", "rocket", "missile", "shell", "tank"],
            "heavy-weapons",
        ),
        (
            &["gunmen", "gunfire", "shot", "opened fire", "rifle", "gun"],
            "firearms",
        ),
        (&["kidnap", "abduct", "hostage"], "abduct"),
        (&["assassinat"], "targeted"),
    ];
    for (words, mode) in table {
        // An abduction is named by the act's word, not its agent's:
        // "suspected kidnappers" were not abducting anyone. (A "bomber"
        // still names the means.)
        let named = |w: &&str| {
            if *mode == "abduct" {
                has_act_word(lower, w)
            } else {
                has_word(lower, w)
            }
        };
        if words.iter().any(named) && !modes.iter().any(|m| m == mode) {
            modes.push(mode.to_string());
        }
    }
}

pub(super) fn confidence(e: &Event, parsed: bool) -> f32 {
    let mut c: f32 = 0.4;
    if parsed {
        c += 0.1;
    }
    if e.actors.iter().any(|a| a.name.is_some()) {
        c += 0.15;
    }
    if e.recipients.iter().any(|a| a.name.is_some()) {
        c += 0.1;
    }
    if e.location.as_ref().is_some_and(|p| !p.text.is_empty()) {
        c += 0.1;
    }
    if e.date.as_ref().is_some_and(|d| !d.text.is_empty()) {
        c += 0.1;
    }
    c.min(0.95)
}
