//! Where an event happened. A clause's own place phrases come first
//! ([`EventExtractor::places`]); a country or province yields to a place
//! inside it that the sentence names; a clause without a place takes the
//! sentence's most specific place phrase, then its paragraph's, then the
//! dateline's (for the story's first paragraph only), then the story's
//! main country.

use serde_json::json;
use sitrep_core::{Annotated, Document, GeoPrecision, Place};

use super::phrases::{clean_phrase, strip_article};
use super::EventExtractor;
use crate::args::{self, Arg};
use crate::locate;
use crate::resolver::{DocContext, Resolved};
use crate::sentence::SentView;

/// Where the sentences of a story say things happen.
#[derive(Default)]
pub(super) struct StoryPlaces {
    /// Place phrases of each sentence.
    phrases: Vec<Vec<locate::PlacePhrase>>,
    /// The paragraph each sentence is in.
    paragraph: Vec<usize>,
    /// The dateline's place name, if the story opens with one.
    dateline: Option<String>,
}

impl EventExtractor<'_> {
    /// The places an event is given: those its clause names, unless they
    /// are only a country or a province and the sentence or its paragraph
    /// names a place inside it; with none, the story's ([`Self::fallback_place`]).
    /// One event is made per place.
    pub(super) fn event_places(
        &self,
        v: &SentView,
        doc: &Document,
        places: Vec<Place>,
        ctx: &DocContext,
    ) -> Vec<Option<Place>> {
        if places.is_empty() {
            return vec![self.fallback_place(v, doc, ctx)];
        }
        let coarse = places.iter().all(|p| {
            p.precision >= Some(GeoPrecision::Region) || self.is_province_phrase(v.index, p)
        });
        if !coarse {
            return places.into_iter().map(Some).collect();
        }
        let sharpest = places
            .iter()
            .filter(|p| !self.is_province_phrase(v.index, p))
            .map(|p| p.precision)
            .min()
            .flatten()
            .or(Some(GeoPrecision::Country));
        match self.place_in_story(v.index, ctx) {
            Some((p, _))
                if p.precision < sharpest && places.iter().any(|c| c.country == p.country) =>
            {
                vec![Some(p)]
            }
            _ => places.into_iter().map(Some).collect(),
        }
    }

    /// Reads the place phrases of every sentence once per document.
    pub(super) fn read_story_places(&self, doc: &Document, ann: &Annotated) {
        let mut story = StoryPlaces::default();
        let mut para = 0;
        let mut prev_end = 0;
        for s in &ann.sentences {
            if doc
                .text
                .get(prev_end..s.start)
                .is_some_and(|gap| gap.contains('\n'))
            {
                para += 1;
            }
            prev_end = s.end;
            story.paragraph.push(para);
            story.phrases.push(locate::phrases(&doc.text, &s.tokens));
        }
        story.dateline = locate::dateline(&doc.text)
            .and_then(|(a, b)| doc.text.get(a..b))
            .map(str::to_string);
        *self.story.borrow_mut() = story;
    }

    /// The most specific place among a sentence's place phrases: a
    /// village before its district, a district before its province, the
    /// first named among equals. A place said to lie in another ("the X
    /// area of Y district") counts only when the knowledge base agrees,
    /// else the container stands.
    fn most_specific(
        &self,
        phrases: &[locate::PlacePhrase],
        ctx: &DocContext,
    ) -> Option<(Place, Resolved<Place>)> {
        let resolved: Vec<Option<Resolved<Place>>> = phrases
            .iter()
            .map(|p| {
                let text = match p.inside.and_then(|k| phrases.get(k)) {
                    // Looked up with its container as the admin area.
                    Some(c) if !p.text.contains(',') => {
                        format!("{}, {}", p.text, c.text.split(',').next().unwrap_or(""))
                    }
                    _ => p.text.clone(),
                };
                self.place_of(&text, ctx)
            })
            .collect();
        let mut best: Option<(Place, Resolved<Place>)> = None;
        for (p, r) in phrases.iter().zip(&resolved) {
            let Some(r) = r else { continue };
            if let Some(c) = p
                .inside
                .and_then(|k| resolved.get(k))
                .and_then(Option::as_ref)
            {
                if !lies_in(&r.value, &c.value) {
                    continue;
                }
            }
            let mut place = r.value.clone();
            place.text = p.text.clone();
            if p.near {
                place.precision = place.precision.map(|x| x.max(GeoPrecision::District));
            }
            if best
                .as_ref()
                .is_none_or(|(b, _)| place.precision < b.precision)
            {
                best = Some((place, r.clone()));
            }
        }
        best
    }

    /// Whether a clause's place is the province the sentence writes after
    /// a comma ("in Shindand district, Herat"): the parse took the
    /// province for the place, and the town of its name for the province.
    fn is_province_phrase(&self, si: usize, place: &Place) -> bool {
        let story = self.story.borrow();
        story.phrases.get(si).is_some_and(|ps| {
            ps.iter().any(|p| {
                p.province
                    && p.text
                        .strip_suffix(" province")
                        .unwrap_or(&p.text)
                        .eq_ignore_ascii_case(&place.text)
            })
        })
    }

    /// Where a sentence's event is when its clause names no place: the
    /// sentence's place phrases, then those of the sentences before it in
    /// its paragraph, then the story's dateline.
    fn place_in_story(&self, si: usize, ctx: &DocContext) -> Option<(Place, Resolved<Place>)> {
        let story = self.story.borrow();
        let phrases = story.phrases.get(si)?;
        if let Some(p) = self.most_specific(phrases, ctx) {
            return Some(p);
        }
        let para = story.paragraph[si];
        for j in (0..si).rev() {
            if story.paragraph[j] != para {
                break;
            }
            if let Some(p) = self.most_specific(&story.phrases[j], ctx) {
                return Some(p);
            }
        }
        // A dateline says where the story was filed: the place of what its
        // own paragraph reports ("KYIV, March 3 — Russian missiles struck
        // …"), not of what the story tells later, often from elsewhere
        // ("TAMPA, Fla. —" over strikes in Syria).
        if story.paragraph.first() != Some(&para) {
            return None;
        }
        let name = story.dateline.as_deref()?;
        let r = self.place_of(name, ctx)?;
        let mut place = r.value.clone();
        place.text = name.to_string();
        Some((place, r))
    }

    pub(super) fn places(
        &self,
        v: &SentView,
        doc: &Document,
        args: &[Arg],
        ctx: &mut DocContext,
        explain: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Vec<Place> {
        let mut out: Vec<Place> = Vec::new();
        let mut trace = Vec::new();
        for a in args {
            let (s, e) = v.byte_span(a.from, a.to);
            let text = clean_phrase(&doc.text[s..e]);
            let stripped = strip_article(&text);
            // Place names are written capitalised; "the group" is not one.
            if !stripped.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let Some(r) = self.place_of(stripped, ctx) else {
                continue;
            };
            let mut place = r.value;
            place.text = stripped.to_string();
            // "on the Syrian border", "near X", "outskirts of": keep it honest.
            let before = v.lower[a.from.saturating_sub(3)..a.from].join(" ");
            if before.contains("near")
                || before.contains("outside")
                || before.contains("outskirts")
                || text.to_lowercase().contains("border")
            {
                if let Some(p) = place.precision {
                    place.precision = Some(p.max(GeoPrecision::District));
                }
            }
            trace.push(json!({"text": stripped, "path": a.path, "kb": r.matched, "confidence": r.confidence}));
            // "in Regi of Deh Rahwod district": the place the phrase hangs
            // on lies in this one, or the knowledge base found a namesake
            // elsewhere and the container stands.
            if let Some(head) = a
                .path
                .strip_prefix("nmod:of(")
                .and_then(|p| p.strip_suffix(')'))
            {
                out.retain(|p| {
                    !p.text.ends_with(head)
                        || lies_in(p, &place)
                        || (place.precision == Some(GeoPrecision::Country)
                            && p.country == place.country)
                });
            }
            if !out
                .iter()
                .any(|p| p.name == place.name && p.country == place.country)
            {
                // A country next to a place inside it adds nothing ("in
                // Jordan on the Syrian border").
                out.push(place);
            }
        }
        // "in Jordan on the Syrian border": the border phrase names a
        // neighbour, not a second place; keep the most specific place
        // of each country and only border-free countries.
        let mut kept: Vec<Place> = Vec::new();
        for p in out {
            if p.text.to_lowercase().contains("border")
                || p.text.to_lowercase().starts_with("syrian")
                    && kept.iter().any(|k| k.country != p.country)
            {
                continue;
            }
            if let Some(k) = kept.iter_mut().find(|k| k.country == p.country) {
                if p.precision < k.precision {
                    *k = p;
                }
                continue;
            }
            kept.push(p);
        }
        if self.options.explain && !trace.is_empty() {
            explain.insert("location".into(), serde_json::Value::Array(trace));
        }
        ctx.places.extend(kept.iter().cloned());
        kept
    }

    pub(super) fn place_hint(
        &self,
        v: &SentView,
        a: &args::Args,
        ctx: &DocContext,
    ) -> Option<String> {
        let _ = ctx;
        a.places.first().map(|p| v.lower[p.from..p.to].join(" "))
    }

    /// Without a place in the clause: a place named elsewhere in the
    /// sentence, its paragraph or the dateline, else the document's main
    /// country.
    pub(super) fn fallback_place(
        &self,
        v: &SentView,
        doc: &Document,
        ctx: &DocContext,
    ) -> Option<Place> {
        let _ = doc;
        if let Some((place, _)) = self.place_in_story(v.index, ctx) {
            return Some(place);
        }
        let main = ctx.main_country()?;
        let mut p = self.resolver.country(main, ctx)?;
        p.text = String::new();
        Some(p)
    }
}

/// Whether a place lies in an area: the area is its district or province
/// by name, or, for a town and its district, they are within 30 km.
fn lies_in(place: &Place, area: &Place) -> bool {
    let named = |n: &Option<String>| {
        n.as_deref()
            .zip(area.name.as_deref())
            .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b))
    };
    if named(&place.admin1) || named(&place.admin2) {
        return true;
    }
    match (place.lat, place.lon, area.lat, area.lon) {
        (Some(a), Some(b), Some(c), Some(d)) => {
            place.country == area.country
                && area.precision <= Some(GeoPrecision::District)
                && sitrep_core::geo::haversine_km((a, b), (c, d)) < 30.0
        }
        _ => false,
    }
}
