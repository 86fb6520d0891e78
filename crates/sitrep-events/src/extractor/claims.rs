//! Attacks someone claims: "in an attack claimed by Islamic State", "Al
//! Shabaab claimed responsibility for the bombing". A report that names no
//! perpetrator but a claimant names the perpetrator as far as a coder can
//! tell: ACLED codes a claimed attack to the group that claims it, and an
//! unidentified armed group only when nobody is named at all.
//!
//! A claim is read from the parse, not from the word alone: what is claimed
//! must be responsibility or an act of violence ("VoJ claimed that 4 soldiers
//! were killed" claims a number, not the attack, and stays a source).

use sitrep_core::{Actor, Event, PloverType};

use crate::lexicon::LEXICON;
use crate::naming;
use crate::sentence::SentView;

/// A claimant the knowledge base knows, and where its sentence starts in
/// the text (claims follow the report they are about).
#[derive(Debug, Clone)]
pub(super) struct Claim {
    pub sentence_start: usize,
    pub claimant: Actor,
}

/// The heads of the phrases that claim an attack in one parsed sentence:
/// the agent of a passive or participial "claimed" whose subject or head is
/// the act ("an attack claimed by X", "the blast was claimed by X"), or the
/// subject of an active one whose object is the act or "responsibility".
pub(super) fn claimants(v: &SentView) -> Vec<usize> {
    if !v.parsed {
        return Vec::new();
    }
    let mut out = Vec::new();
    for i in 0..v.len() {
        if !v.lower[i].starts_with("claim") || v.upos(i) != "VERB" {
            continue;
        }
        if let Some(agent) = v.deps(i, "obl:agent").next() {
            let claimed = if v.deprel(i) == "acl" {
                v.head(i)
            } else {
                v.deps(i, "nsubj:pass").next()
            };
            if claimed.is_some_and(|c| is_claimable(v, c)) {
                out.push(agent);
            }
            continue;
        }
        let object = v.deps(i, "obj").next();
        if let (Some(subject), Some(object)) = (v.deps(i, "nsubj").next(), object) {
            if is_claimable(v, object) {
                out.push(subject);
            }
        }
    }
    out
}

/// Whether a noun names what can be claimed: responsibility, or an act the
/// trigger lexicon lists as violent ("attack", "bombing", "killing").
fn is_claimable(v: &SentView, i: usize) -> bool {
    v.lower[i] == "responsibility" || LEXICON.any_at(&v.lower, i, |t| t.violent)
}

/// Gives each claimed attack its claimant: the violent event reported last
/// before (or in) the claim's sentence, when the report named no one for
/// it. Whoever stood for the unnamed attacker ("a suicide bomber",
/// "gunmen", the implied unidentified group) gives way to the claimant.
/// The events changed, by index.
pub(super) fn attribute(events: &mut [Event], claims: &[Claim]) -> Vec<usize> {
    let mut changed = Vec::new();
    for claim in claims {
        let reported_before = |e: &Event| {
            e.evidence
                .iter()
                .map(|s| s.start)
                .filter(|&s| s <= claim.sentence_start)
                .max()
        };
        let Some((k, _)) = events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.plover.event == PloverType::Assault)
            .filter_map(|(k, e)| Some((k, reported_before(e)?)))
            .max_by_key(|&(_, at)| at)
        else {
            continue;
        };
        let e = &mut events[k];
        let unidentified = |a: &Actor| a.sector.iter().any(|s| s == "UAF");
        if e.actors
            .iter()
            .any(|a| a.name.is_some() && !unidentified(a))
        {
            continue;
        }
        e.actors.retain(|a| {
            !(a.text.is_empty() || unidentified(a) || naming::anonymous(&a.text.to_lowercase()))
        });
        e.actors.insert(0, claim.claimant.clone());
        changed.push(k);
    }
    changed
}
