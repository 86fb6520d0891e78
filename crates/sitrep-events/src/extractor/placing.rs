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

/// A place a sentence names, as the event's.
#[derive(Clone)]
pub(super) struct Found {
    /// The place, with the text as written.
    place: Place,
    /// What the knowledge base matched (the container's entry for a
    /// place it does not know).
    resolved: Resolved<Place>,
    /// The phrase of another place the sentence puts it inside.
    within: Option<usize>,
    /// The knowledge base does not know it: given as written, at its
    /// country.
    unresolved: bool,
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
        // "the city of Maarat al-Numan in the countryside of Idlib": the
        // clause took the container; the sentence names the place in it.
        let (inner, container) = {
            let story = self.story.borrow();
            let ps = story.phrases.get(v.index);
            let inner = ps.and_then(|ps| self.most_specific(ps, ctx, false));
            // The container as the sentence writes it: the clause may have
            // read it as a place of its own ("Jammu" of "Poonch district of
            // Jammu and Kashmir", which the phrase reads whole).
            let container = inner
                .as_ref()
                .and_then(|f| f.within)
                .and_then(|k| ps.and_then(|ps| ps.get(k)))
                .map(|c| c.text.clone());
            (inner, container)
        };
        if let Some(f) = inner.filter(|f| f.within.is_some()) {
            let holds = |p: &Place| {
                f.resolved.value.country == p.country
                    && (lies_in(&f.resolved.value, p)
                        || (f.place.name == p.name && f.place.text != p.text))
            };
            let contained: Vec<&Place> = places
                .iter()
                .filter(|p| container.as_deref() != Some(p.text.as_str()))
                .collect();
            if contained.len() <= 1 && contained.into_iter().all(holds) {
                return vec![Some(f.place)];
            }
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
            Some(f)
                if (f.place.precision < sharpest
                    || ((f.within.is_some() || f.unresolved) && f.place.precision <= sharpest))
                    && places.iter().any(|c| c.country == f.place.country) =>
            {
                vec![Some(f.place)]
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
    /// first named among equals; and a place the sentence puts inside
    /// another ("the Karrada district of Baghdad", "Nairobi's Kibera
    /// slum", "Saraqib in the countryside of Idlib") before that other,
    /// whatever their levels: the container only says which namesake is
    /// meant. A place said to lie in another counts only when the
    /// knowledge base agrees, else the container stands; one the knowledge
    /// base does not know ("Dedebit, Tigray") is given as written, at its
    /// container's coordinates and level.
    ///
    /// With `unknown`, a name written as a place (a level word, a place
    /// noun, the tagger's location tag) that the knowledge base does not
    /// know ("near Tinzaouaten", "in Mo So village") is given as
    /// written, at the story's country, when the sentence names no place
    /// finer than a country.
    fn most_specific(
        &self,
        phrases: &[locate::PlacePhrase],
        ctx: &DocContext,
        unknown: bool,
    ) -> Option<Found> {
        // Which phrase each lies in: as written, or the other way round
        // when the knowledge base knows the first as a region ("the Tigray
        // village of Togoga": the village lies in the region).
        let mut inside: Vec<Option<usize>> = phrases.iter().map(|p| p.inside).collect();
        let lookup = |p: &locate::PlacePhrase, c: Option<&locate::PlacePhrase>| {
            let text = match c {
                // Looked up with its container as the admin area.
                Some(c) if !p.text.contains(',') && !c.province => {
                    format!("{}, {}", p.text, c.text.split(',').next().unwrap_or(""))
                }
                _ => p.text.clone(),
            };
            self.place_of(&text, ctx)
        };
        let mut resolved: Vec<Option<Resolved<Place>>> = phrases
            .iter()
            .zip(&inside)
            .map(|(p, k)| lookup(p, k.and_then(|k| phrases.get(k))))
            .collect();
        for n in 0..phrases.len() {
            let Some(k) = inside[n] else { continue };
            let area = |r: &Option<Resolved<Place>>| {
                r.as_ref()
                    .is_some_and(|r| r.value.precision >= Some(GeoPrecision::Region))
            };
            if area(&resolved[n])
                && !area(&resolved[k])
                && inside[k].is_none()
                && !phrases[n].province
            {
                inside[n] = None;
                inside[k] = Some(n);
                resolved[n] = lookup(&phrases[n], None);
                resolved[k] = lookup(&phrases[k], Some(&phrases[n]));
            }
        }
        // "Dedebit, Tigray": the province after the comma is the next phrase.
        let province_of = |n: usize| {
            phrases
                .get(n + 1)
                .filter(|q| q.province && phrases[n].text.contains(','))
                .map(|_| n + 1)
        };
        // The container's place, with "Jammu and Kashmir" read whole when
        // the part before "and" is not where the place lies.
        let container = |n: usize, k: usize| -> Option<Resolved<Place>> {
            let c = resolved.get(k)?.clone();
            let Some(r) = resolved[n].as_ref() else {
                return c;
            };
            // A region of the same country is taken at its word: the
            // gazetteer's admin codes of small places are not always
            // current, and a namesake in another region is rarer than a
            // stale code. Another country, or a district or town far off,
            // is a namesake.
            let region_of_country = |c: &Resolved<Place>| {
                c.value.precision == Some(GeoPrecision::Region)
                    && r.value.country.is_some()
                    && r.value.country == c.value.country
            };
            if c.as_ref()
                .is_some_and(|c| lies_in(&r.value, &c.value) || region_of_country(c))
            {
                return c;
            }
            let whole = phrases[k]
                .joined
                .as_deref()
                .and_then(|j| self.place_of(j, ctx))?;
            lies_in(&r.value, &whole.value).then_some(whole)
        };
        let mut found: Vec<(usize, Found)> = Vec::new();
        for (n, p) in phrases.iter().enumerate() {
            let within = inside[n];
            let (r, contained) = match (&resolved[n], within) {
                (Some(r), Some(k)) => match container(n, k) {
                    Some(_) => (r.clone(), Some(k)),
                    // The knowledge base knows only a namesake elsewhere
                    // ("the town of Taza in northern Iraq" and a Taza in
                    // Morocco): the place as written, at its container.
                    None => match &resolved[k] {
                        Some(c) if p.shaped && !p.of_next => (c.clone(), Some(k)),
                        Some(_) => continue,
                        None if phrases[k].joined.is_some() => continue,
                        None => (r.clone(), None),
                    },
                },
                (Some(r), None) => (r.clone(), None),
                // Unknown to the knowledge base, inside a place it knows.
                (None, _) => {
                    // Only what is written as a place: "X, Province", or a
                    // place's shape — "a vehicle of the Popular
                    // Mobilization Forces in Tarmiyah" names none, nor does
                    // "the Syrian town" of "the Syrian town of Azaz".
                    let k = match within {
                        Some(k) if p.shaped && !p.of_next => k,
                        Some(_) => continue,
                        None => match province_of(n) {
                            Some(k) => k,
                            None => continue,
                        },
                    };
                    let Some(c) = resolved[k].clone() else {
                        continue;
                    };
                    (c, Some(k))
                }
            };
            let mut place = r.value.clone();
            place.text = p.written.clone().unwrap_or_else(|| p.text.clone());
            if p.near {
                place.precision = place.precision.map(|x| x.max(GeoPrecision::District));
            }
            found.push((
                n,
                Found {
                    place,
                    resolved: r,
                    within: contained,
                    unresolved: false,
                },
            ));
        }
        // A place that holds another the sentence names yields to it.
        let holds = |n: usize| found.iter().any(|(_, f)| f.within == Some(n));
        let mut best: Option<Found> = None;
        for (n, f) in &found {
            if holds(*n) {
                continue;
            }
            if best
                .as_ref()
                .is_none_or(|b| f.place.precision < b.place.precision)
            {
                best = Some(f.clone());
            }
        }
        if !unknown
            || best
                .as_ref()
                .is_some_and(|b| b.place.precision < Some(GeoPrecision::Country))
        {
            return best;
        }
        let n = (0..phrases.len()).find(|&n| {
            let p = &phrases[n];
            resolved[n].is_none() && p.shaped && !p.of_next && !p.province
        });
        let Some(n) = n else {
            return best;
        };
        // At the country the sentence names, else the story's.
        let country = match best {
            Some(b) => Some(b.resolved),
            None => ctx.main_country().and_then(|c| {
                self.resolver.country(c, ctx).map(|value| Resolved {
                    value,
                    confidence: 0.0,
                    matched: String::new(),
                })
            }),
        };
        let resolved = country.unwrap_or_else(|| Resolved {
            value: Place::default(),
            confidence: 0.0,
            matched: String::new(),
        });
        let mut place = resolved.value.clone();
        place.text = phrases[n].text.clone();
        Some(Found {
            place,
            resolved,
            within: None,
            unresolved: true,
        })
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
    fn place_in_story(&self, si: usize, ctx: &DocContext) -> Option<Found> {
        let story = self.story.borrow();
        let phrases = story.phrases.get(si)?;
        if let Some(p) = self.most_specific(phrases, ctx, false) {
            return Some(p);
        }
        let para = story.paragraph[si];
        for j in (0..si).rev() {
            if story.paragraph[j] != para {
                break;
            }
            if let Some(p) = self.most_specific(&story.phrases[j], ctx, false) {
                return Some(p);
            }
        }
        // A place the knowledge base does not know, in the sentence itself.
        if let Some(p) = self.most_specific(phrases, ctx, true) {
            return Some(p);
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
        Some(Found {
            place,
            resolved: r,
            within: None,
            unresolved: false,
        })
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
                // "fired a missile at a vessel in the Red Sea": a sea is
                // where it happened, though no gazetteer place (named, no
                // country, no coordinates) — not the country of whoever
                // reported it, where the story's fallback would put it.
                if self.resolver.names_water(stripped) {
                    trace.push(json!({"text": stripped, "path": a.path, "kb": "a body of water"}));
                    out.push(Place {
                        text: stripped.to_string(),
                        name: Some(stripped.to_string()),
                        precision: Some(GeoPrecision::Region),
                        ..Place::default()
                    });
                }
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
            // "in Regi of Deh Rahwod district", "outside Congress in Lima":
            // the place the phrase hangs on lies in this one, or the
            // knowledge base found a namesake elsewhere and the container
            // stands.
            if let Some(head) = ["nmod:of(", "nmod:in("]
                .iter()
                .find_map(|rel| a.path.strip_prefix(rel))
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

    /// The place each sentence of the document last extracted (its `text`) names, read
    /// as a clause without a place of its own reads it (the sentence's most
    /// specific place, then its paragraph's, then the dateline's), for
    /// the events a story reports that no clause rule read.
    pub fn sentence_places(&self, text: &str) -> Vec<Option<Place>> {
        let ctx = self.resolver.document_context(text);
        let n = self.story.borrow().phrases.len();
        (0..n)
            .map(|si| self.place_in_story(si, &ctx).map(|f| f.place))
            .collect()
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
        if let Some(found) = self.place_in_story(v.index, ctx) {
            return Some(found.place);
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
    // A country holds what has its code; a region what has its admin1
    // (names as the gazetteer spells them, whatever the text wrote).
    let same_country = place.country.is_some() && place.country == area.country;
    match area.precision {
        Some(GeoPrecision::Country) => return same_country,
        Some(GeoPrecision::Region)
            if same_country && area.admin1.is_some() && place.admin1 == area.admin1 =>
        {
            return true
        }
        _ => {}
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
