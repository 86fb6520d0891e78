//! Toponym resolution: candidates by folded name (then by skeleton), scored
//! by how they were matched, size and rank of the place, the story's
//! countries, the admin area named with it and the other places in the story.
//!
//! The weights below were set by hand against `../shared/eval/places/dev.tsv`
//! (`sitrep eval places`); each says what it rewards.

use sitrep_core::{GeoPrecision, Place};

use super::phrase::{self, Phrase};
use super::store::{record_of, Country, Feature, Gazetteer, Kind, Rec, PRIMARY};
use crate::context::{PlaceContext, PlaceModifier};
use crate::normalize::{fold, is_article, skeleton, variants};
use crate::resolution::Resolution;

/// Trust in a key match: the place's own name, one of its alternate names,
/// the consonant skeleton of either.
const Q_PRIMARY: f32 = 1.0;
const Q_ALTERNATE: f32 = 0.85;
const Q_SKELETON_PRIMARY: f32 = 0.6;
const Q_SKELETON_ALTERNATE: f32 = 0.5;
/// Another cut or ezafe of the compound ([`variants`]), tried only when
/// the key itself names nothing.
const Q_VARIANT_PRIMARY: f32 = 0.8;
const Q_VARIANT_ALTERNATE: f32 = 0.7;
/// A key one edit away, tried only when neither the key nor a variant
/// names anything: a little less trusted than a skeleton match (which
/// wins where both find a place).
const Q_EDIT_PRIMARY: f32 = 0.55;
const Q_EDIT_ALTERNATE: f32 = 0.45;
/// How a one-edit match is reported in `matched`, and how much the
/// confidence of a winner found only that way is damped: at most
/// 0.55 × 0.5, under the 0.35 the events stage asks.
const ONE_EDIT: &str = "one-edit:";
const ONE_EDIT_DAMPING: f32 = 0.5;
/// Keys shorter than this have too many neighbours one edit away.
const MIN_ONE_EDIT: usize = 6;
/// Most keys one edit away that are read, candidates taken from each,
/// and candidates in all.
const MAX_ONE_EDIT_KEYS: usize = 24;
const ONE_EDIT_PER_KEY: usize = 3;
const MAX_ONE_EDIT_CANDIDATES: usize = 24;
/// Extra score per tenfold population above 10,000 (`PROMINENT_FROM`
/// decades) for a bare name (see `score`).
const PROMINENCE: f32 = 0.2;
const PROMINENT_FROM: f32 = 4.0;
/// How many candidates to report.
const MAX_CANDIDATES: usize = 8;
/// A town this large named like its country's demonym is that town.
const LARGE_PLACE: u32 = 100_000;
/// Candidates this close to the winner count for it, not against it.
const AGREE_KM: f64 = 25.0;
/// How sure a place is that is only the story's country, standing in for
/// a name the gazetteer does not hold there: above unresolved, below what
/// the events stage takes as a place.
const STORY_COUNTRY_CONFIDENCE: f32 = 0.2;
/// How many of the best candidates pool their evidence by spot.
const MAX_POOLED: usize = 32;
/// Below this a resolution is reported as unresolved.
const MIN_CONFIDENCE: f32 = 0.12;

/// A candidate's share of the evidence against the best score, before
/// normalising: the softmax the confidence is read from.
fn evidence(score: f32, best: f32) -> f32 {
    (3.0 * (score - best)).exp()
}

#[derive(Debug, Clone, Copy)]
struct Scored {
    rec: u32,
    quality: f32,
    /// Lies in the province or district the phrase names with it.
    in_admin: bool,
    score: f32,
}

/// A name reduced to lower-case ASCII letters and digits, for "written
/// exactly as" comparisons.
fn plain(s: &str) -> String {
    deunicode::deunicode(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

pub use sitrep_core::geo::haversine_km;

impl Gazetteer {
    /// The country a name or demonym denotes ("Syria", "Syrian", "Syrians").
    pub fn country_of_name(&self, name: &str) -> Option<u16> {
        self.country_of_key(&fold(name))
    }

    /// [`Self::country_of_name`] of a name already folded (the matcher
    /// holds each n-gram's key, and folding it again was a tenth of
    /// reading a document's place context).
    pub fn country_of_key(&self, k: &str) -> Option<u16> {
        if let Some(&c) = self.country_names.get(k) {
            return Some(c);
        }
        let singular = k.strip_suffix('s')?;
        self.country_names.get(singular).copied()
    }

    /// Whether `span`, folded to `key`, names its country as the country
    /// is written. Folding drops an article before a name (transliterated
    /// Arabic writes it or not), so "El Salvador" and "Salvador" share a
    /// key; but a country whose every name with that key opens with the
    /// article is not named without it ("Salvador" is a city in Bahia).
    pub fn names_country_as_written(&self, key: &str, span: &str) -> bool {
        let Some(c) = self.country_of_key(key) else {
            return false;
        };
        // The key as the table holds it (a plural's singular).
        let base = match self.country_names.contains_key(key) {
            true => key,
            false => key.strip_suffix('s').unwrap_or(key),
        };
        let c = self.country(c);
        let first = |n: &str| n.split_whitespace().next().unwrap_or("").to_lowercase();
        let span_first = first(span);
        let mut names = std::iter::once(&c.name)
            .chain(&c.demonyms)
            .chain(&c.aliases)
            .filter(|n| fold(n) == base)
            .peekable();
        names.peek().is_none()
            || names.any(|n| {
                let article = first(n);
                n.split_whitespace().count() == 1 || !is_article(&article) || span_first == article
            })
    }

    /// Builds the `Place` a record stands for.
    pub fn place(&self, text: &str, i: u32, precision_override: Option<GeoPrecision>) -> Place {
        let r = self.rec(i);
        let round = |x: f32| (x as f64 * 1e5).round() / 1e5;
        let precision = match r.kind {
            Kind::Country => GeoPrecision::Country,
            Kind::Region => GeoPrecision::Region,
            Kind::District => GeoPrecision::District,
            Kind::Town if r.feature == Feature::Point => GeoPrecision::Point,
            Kind::Town => GeoPrecision::Town,
        };
        // A modifier only ever widens the precision.
        let precision = match precision_override {
            Some(p) if p > precision => p,
            _ => precision,
        };
        let (admin1, admin2) = match r.kind {
            Kind::Town | Kind::District => (
                self.string(r.admin1).map(str::to_string),
                self.string(r.admin2).map(str::to_string),
            ),
            _ => (None, None),
        };
        Place {
            text: text.to_string(),
            name: self.string(r.name).map(str::to_string),
            geonameid: (r.geonameid != 0).then_some(r.geonameid),
            country: Some(self.country(r.country).iso3.clone()),
            admin1: if r.kind == Kind::Region {
                self.string(r.name).map(str::to_string)
            } else {
                admin1
            },
            admin2,
            lat: Some(round(r.lat)),
            lon: Some(round(r.lon)),
            precision: Some(precision),
        }
    }

    fn candidates(&self, name: &str) -> (Vec<(u32, f32)>, Option<String>) {
        let key = fold(name);
        if key.is_empty() {
            return (Vec::new(), None);
        }
        let mut out: Vec<(u32, f32)> = Vec::new();
        let mut matched = None;
        // A posting's trust: the first of the pair for the place's own
        // name, the second for one of its alternate names.
        let push = |p: u32, (primary, alternate): (f32, f32), out: &mut Vec<(u32, f32)>| {
            let q = if p & PRIMARY != 0 { primary } else { alternate };
            let i = record_of(p);
            match out.iter_mut().find(|(j, _)| *j == i) {
                Some(e) => e.1 = e.1.max(q),
                None => out.push((i, q)),
            }
        };
        for &p in self.lookup(&key, false) {
            push(p, (Q_PRIMARY, Q_ALTERNATE), &mut out);
        }
        if !out.is_empty() {
            matched = Some(format!("fold:{key}"));
        }
        // Nothing under the key: another cut of the compound or another
        // ezafe ("Dashti Qala" for "Dasht-e Qal'a"), then a key one letter
        // away ("Shirzad" for "Sherzad" where only an unindexed village has
        // that name); each trusted less than the key itself.
        if out.is_empty() {
            for v in variants(&key) {
                for &p in self.lookup(&v, false) {
                    push(p, (Q_VARIANT_PRIMARY, Q_VARIANT_ALTERNATE), &mut out);
                }
                if matched.is_none() && !out.is_empty() {
                    matched = Some(format!("variant:{v}"));
                }
            }
        }
        let folded_hit = !out.is_empty();
        let sk = skeleton(&key);
        // Short skeletons match too much to mean anything.
        if sk.len() >= 4 {
            let before = out.len();
            for &p in self.lookup(&sk, true) {
                push(p, (Q_SKELETON_PRIMARY, Q_SKELETON_ALTERNATE), &mut out);
            }
            if matched.is_none() && out.len() > before {
                matched = Some(format!("skeleton:{sk}"));
            }
        }
        if !folded_hit && key.len() >= MIN_ONE_EDIT {
            let mut taken = 0;
            for (k, postings) in self.lookup_one_edit(&key, MAX_ONE_EDIT_KEYS) {
                // A run lists its own names and larger places first; every
                // candidate costs a record read (a frame unpacked), and an
                // unknown word reaches here with dozens of neighbours.
                let room = MAX_ONE_EDIT_CANDIDATES.saturating_sub(taken);
                for &p in postings.iter().take(ONE_EDIT_PER_KEY.min(room)) {
                    taken += 1;
                    push(p, (Q_EDIT_PRIMARY, Q_EDIT_ALTERNATE), &mut out);
                }
                if matched.is_none() && !out.is_empty() {
                    matched = Some(format!("{ONE_EDIT}{k}"));
                }
            }
        }
        (out, matched)
    }

    fn score(
        &self,
        r: &Rec,
        quality: f32,
        in_admin: bool,
        ph: &Phrase,
        ctx: &PlaceContext,
        plain_name: &str,
    ) -> f32 {
        let mut s = quality;
        // Written exactly as the place's own name (accents and case aside):
        // beats a namesake that only folds to the same key ("Kadhan" is not
        // "Kazan").
        // "North Wazīristān District" is written "North Waziristan".
        let own = |n: &str| {
            plain(n) == plain_name
                || super::build::without_admin_words(n).is_some_and(|s| plain(&s) == plain_name)
        };
        if self.string(r.name).is_some_and(own) {
            s += 0.3;
        }
        // Curated places (no geonameid) were added because conflict
        // reporting names them; they win a tie with a namesake hamlet.
        if r.curated() {
            s += 0.2;
        }
        s += match r.kind {
            // A country or region named exactly is that country, not a
            // village that shares its name.
            Kind::Country => 0.9 * quality,
            Kind::Region => 0.25 + 0.5 * quality,
            Kind::District => -0.15,
            Kind::Town => 0.0,
        };
        if let Some(k) = ph.kind {
            if k == r.kind {
                s += 0.8;
            }
        }
        let decades = ((r.population as f32) + 1.0).log10();
        s += 0.12 * decades;
        // A name written bare is the best-known place of that name: a
        // city's many small namesakes must not add up against it ("Saada"
        // the Yemeni city, not Sada in Mayotte; "Gondar" the Ethiopian
        // city, not a village written exactly so). Not when the phrase
        // names its level: "Khost province" is still the province. Not
        // for a country, which the kind weighs already (and a demonym
        // must not reach its country through the skeleton: "Nigerian").
        if ph.kind.is_none() && r.kind != Kind::Country {
            s += PROMINENCE * (decades - PROMINENT_FROM).max(0.0);
        }
        s += match r.feature {
            Feature::Capital => 0.35,
            Feature::Admin1Seat => 0.25,
            Feature::Admin2Seat => 0.12,
            Feature::MinorSeat => 0.05,
            Feature::Section => -0.4,
            Feature::Other | Feature::Unknown | Feature::Point => 0.0,
        };
        let iso3 = &self.country(r.country).iso3;
        if !ctx.countries.is_empty() {
            let w = ctx.country_weight(iso3);
            s += 1.3 * w;
            if w == 0.0 {
                s -= 0.2;
            }
        }
        if in_admin {
            s += 1.0;
        } else if let Some(admin) = ctx.admin.as_deref().or(ph.admin.as_deref()) {
            if self.country_of_name(admin) == Some(r.country) {
                s += 0.8;
            }
        }
        if !ctx.near.is_empty() {
            let here = (r.lat as f64, r.lon as f64);
            let d = ctx
                .near
                .iter()
                .map(|&p| haversine_km(here, p))
                .fold(f64::INFINITY, f64::min);
            s += if d < 50.0 {
                0.6
            } else if d < 150.0 {
                0.4
            } else if d < 400.0 {
                0.2
            } else {
                0.0
            };
        }
        s
    }

    /// Whether a place lies in the province or district the phrase names
    /// with it ("Saydabad district, Wardak").
    fn in_named_admin(&self, r: &Rec, ph: &Phrase, ctx: &PlaceContext) -> bool {
        let Some(admin) = ctx.admin.as_deref().or(ph.admin.as_deref()) else {
            return false;
        };
        let ak = fold(admin);
        let hit = |off| {
            self.string(off).is_some_and(|n| {
                let nk = fold(n);
                nk == ak || skeleton(&nk) == skeleton(&ak) || nk.ends_with(&ak)
            })
        };
        hit(r.admin1) || hit(r.admin2)
    }

    /// A country as the answer for a name the gazetteer places elsewhere:
    /// at country precision and low confidence, `why` saying which
    /// country it is (the story's, or one written with the name).
    fn country_answer(&self, text: &str, c: &Country, score: f32, why: &str) -> Resolution<Place> {
        let place = self.place(text, c.record, Some(GeoPrecision::Country));
        Resolution {
            best: Some(place.clone()),
            confidence: STORY_COUNTRY_CONFIDENCE,
            candidates: vec![(place, score)],
            matched: Some(format!("{why}:{}", c.iso3)),
        }
    }

    /// The province or district the phrase names with the place ("Kuriga,
    /// Kaduna state"), when no candidate lies in it and the winner, known
    /// only by another of its names, is in another country altogether: a
    /// place is in the area the text puts it in, so a namesake abroad is
    /// not it, and the area is the most the text says of where (ACLED
    /// codes an unknown village at its area).
    fn named_area_elsewhere(
        &self,
        scored: &[Scored],
        text: &str,
        ph: &Phrase,
        ctx: &PlaceContext,
    ) -> Option<Resolution<Place>> {
        let admin = ctx.admin.as_deref().or(ph.admin.as_deref())?;
        let top = scored.first()?;
        let top_country = self.rec(top.rec).country;
        // "Palmyra, Syria": a country written after the name says where it
        // is, whatever namesake abroad the name matches exactly.
        if let Some(c) = self.country_of_name(admin).filter(|&c| c != top_country) {
            let c = self.country(c);
            return Some(self.country_answer(text, c, top.score, "country named with it"));
        }
        // (A place named by its own name keeps it: "Raqqa, Davis" is a
        // dateline-like run with a spokesman's name, not a county.)
        if top.quality >= Q_PRIMARY || scored.iter().any(|c| c.in_admin) {
            return None;
        }
        let area_ctx = PlaceContext {
            admin: None,
            ..ctx.clone()
        };
        let area = self.resolve(admin, &area_ctx);
        let mut place = area.best.clone()?;
        let top_country = &self.country(top_country).iso3;
        if place.country.as_deref() == Some(top_country.as_str()) {
            return None;
        }
        place.text = text.to_string();
        Some(Resolution {
            best: Some(place.clone()),
            confidence: area.confidence * 0.8,
            candidates: vec![(place, top.score)],
            matched: area.matched.map(|m| format!("area named with it: {m}")),
        })
    }

    /// "Menaka", "Idlib", "Kharkiv" name both a region and the town that is
    /// its seat; reporting means the town unless it says "region" or
    /// "province", so the seat moves just ahead of its region.
    fn prefer_seat_over_region(&self, scored: &mut [Scored], ph: &Phrase) {
        if scored.len() < 2 {
            return;
        }
        let top = self.rec(scored[0].rec);
        if !matches!(top.kind, Kind::Region | Kind::District) || ph.kind == Some(top.kind) {
            return;
        }
        let seat = scored
            .iter()
            .position(|c| self.is_seat_of(&self.rec(c.rec), &top));
        if let Some(i) = seat {
            scored[i].score = scored[0].score + 0.01;
            scored.sort_by(|a, b| b.score.total_cmp(&a.score));
        }
    }

    /// The story's countries are a strong prior, not a hint: a winner
    /// outside them that matched only as another spelling gives way to the
    /// best candidate inside them, and with none there, a match by
    /// consonant skeleton alone is no evidence at all — the answer is the
    /// story's country, at country precision and low confidence. A place
    /// named exactly keeps its win unless a place inside the story's
    /// countries is named exactly too.
    fn keep_to_story_countries(
        &self,
        scored: &mut [Scored],
        text: &str,
        ctx: &PlaceContext,
    ) -> Option<Resolution<Place>> {
        if ctx.countries.is_empty() {
            return None;
        }
        let inside =
            |c: &Scored| ctx.country_weight(&self.country(self.rec(c.rec).country).iso3) > 0.0;
        let top = scored[0];
        if inside(&top) {
            return None;
        }
        match scored
            .iter()
            .position(|c| inside(c) && c.quality >= top.quality.min(Q_ALTERNATE))
        {
            Some(i) if top.quality < Q_PRIMARY || scored[i].quality >= Q_PRIMARY => {
                scored[i].score = top.score + 0.01;
                scored.sort_by(|a, b| b.score.total_cmp(&a.score));
                None
            }
            _ if top.quality < Q_ALTERNATE => {
                let (iso3, _) = ctx
                    .countries
                    .iter()
                    .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
                let c = self.country_by_iso3(iso3)?;
                Some(self.country_answer(text, c, top.score, "story-country"))
            }
            _ => None,
        }
    }

    /// Whether two area names are one ("Abu Kamal", "Abu Kamal District").
    fn same_area(&self, a: u32, b: u32) -> bool {
        let key = |off| {
            self.string(off).map(|n| {
                fold(&super::build::without_admin_words(n).unwrap_or_else(|| n.to_string()))
            })
        };
        a == b || key(a).is_some_and(|k| Some(k) == key(b))
    }

    /// Resolves a place phrase as written.
    pub fn resolve(&self, text: &str, ctx: &PlaceContext) -> Resolution<Place> {
        let ph = phrase::parse(text);
        let modifier = ctx.modifier.or(ph.modifier);
        if modifier == Some(PlaceModifier::Border) {
            return self.resolve_border(text, &ph);
        }
        // A sea or gulf is no place the gazetteer holds: better unresolved
        // than the land that shares its word.
        if phrase::names_water(&ph) {
            return Resolution::unresolved();
        }
        // "the Abuja-Kaduna highway": a road named for the towns it joins
        // lies near the first of them (near, not in it).
        if let Some((from, to)) = phrase::road_between(&ph.name) {
            let mut r = self.resolve(from, ctx);
            if r.best.is_none() {
                r = self.resolve(to, ctx);
            }
            if let Some(p) = r.best.as_mut() {
                p.text = text.to_string();
                p.precision = p.precision.max(Some(GeoPrecision::District));
            }
            return r;
        }
        let (cands, matched) = self.candidates(&ph.name);
        if cands.is_empty() {
            return Resolution::unresolved();
        }
        // "the Russian city of Belgorod": a demonym describes a place and
        // names none (not the town of Russian, Venezuela) — unless the
        // word is also the country's own name in the gazetteer, or the
        // name of a large place in that country: the country lists of
        // demonyms and adjectives count "Gaza" and "West Bank" as ways of
        // saying Palestinian, and they are places too.
        if let Some(c) = self
            .country_of_name(&ph.name)
            .filter(|&c| !self.country(c).name.eq_ignore_ascii_case(&ph.name))
        {
            let names_the_place = |rec: u32, quality: f32| {
                let r = self.rec(rec);
                r.kind == Kind::Country
                    || (r.country == c
                        && quality >= Q_ALTERNATE
                        && (r.kind >= Kind::Region || r.population >= LARGE_PLACE))
            };
            if !cands.iter().any(|&(rec, q)| names_the_place(rec, q)) {
                return Resolution::unresolved();
            }
        }
        let plain_name = plain(&ph.name);
        let mut scored: Vec<Scored> = cands
            .into_iter()
            .map(|(rec, quality)| {
                let r = self.rec(rec);
                let in_admin = self.in_named_admin(&r, &ph, ctx);
                Scored {
                    rec,
                    quality,
                    in_admin,
                    score: self.score(&r, quality, in_admin, &ph, ctx, &plain_name),
                }
            })
            .collect();
        // A stable sort: namesakes of equal score stay in the order the
        // build listed them, the one nearest an administrative seat first.
        scored.sort_by(|a, b| b.score.total_cmp(&a.score));
        self.prefer_seat_over_region(&mut scored, &ph);
        if let Some(fallback) = self.keep_to_story_countries(&mut scored, text, ctx) {
            return fallback;
        }
        if let Some(area) = self.named_area_elsewhere(&scored, text, &ph, ctx) {
            return area;
        }
        self.prefer_the_spot_most_evidence_points_to(&mut scored);
        let best = scored[0];
        // Softmax over scores: the share of the evidence the winner holds.
        // Candidates within 25 km of it in the same country (a town and
        // the district or province named after it) agree with it: they put
        // the event at the same place on the map.
        let here = self.rec(best.rec);
        let agrees = |c: &Scored| self.agree(&here, &self.rec(c.rec));
        // The text placed it in a province or district, and the winner is
        // there: namesakes elsewhere are ruled out, not rivals.
        let rival = |c: &Scored| !best.in_admin || c.in_admin;
        let mass = |c: &Scored| evidence(c.score, best.score);
        let z: f32 = scored.iter().filter(|c| rival(c)).map(mass).sum();
        let agreeing: f32 = scored.iter().filter(|c| agrees(c)).map(mass).sum();
        let mut confidence = best.quality * agreeing / z;
        let r = self.rec(best.rec);
        // A skeleton-only match to a small place the story gives no reason
        // for is more likely a different, unknown place.
        let supported = ctx.country_weight(&self.country(r.country).iso3) > 0.0
            || ph.admin.is_some()
            || r.kind >= Kind::Region;
        if best.quality < Q_ALTERNATE && !supported {
            confidence *= 0.3;
        }
        // A name one letter from any the gazetteer holds is a guess at a
        // place it may not hold at all: reported, but below what the
        // events stage takes as a place (a story's "Kamanj area of
        // Shahrak district" is then placed in the district it names).
        if best.quality == Q_EDIT_PRIMARY || best.quality == Q_EDIT_ALTERNATE {
            confidence *= ONE_EDIT_DAMPING;
        }
        let precision = match modifier {
            Some(PlaceModifier::Near) => Some(GeoPrecision::District),
            _ => None,
        };
        let candidates = scored
            .iter()
            .take(MAX_CANDIDATES)
            .map(|c| (self.place(text, c.rec, precision), c.score))
            .collect();
        Resolution {
            best: (confidence >= MIN_CONFIDENCE).then(|| self.place(text, best.rec, precision)),
            confidence,
            candidates,
            matched,
        }
    }

    /// Whether two places put an event at the same spot on the map.
    /// A province and its seat of the same name agree too, however far
    /// the province's centroid lies from the town: "Farah" names one place
    /// to a reader, and the two must not split the confidence between them.
    fn agree(&self, a: &Rec, b: &Rec) -> bool {
        a.country == b.country
            && (haversine_km((a.lat as f64, a.lon as f64), (b.lat as f64, b.lon as f64)) < AGREE_KM
                || self.is_seat_of(a, b)
                || self.is_seat_of(b, a))
    }

    /// Whether a town is the seat of an area: its province's capital, or
    /// a town that the area's name also names one level down ("Rafah" the
    /// town in "Rafah" the governorate's district, "Albu Kamal" in "Abu
    /// Kamal District").
    fn is_seat_of(&self, town: &Rec, area: &Rec) -> bool {
        town.kind == Kind::Town
            && matches!(area.kind, Kind::Region | Kind::District)
            && town.country == area.country
            && ((town.admin1 == area.name
                && matches!(
                    town.feature,
                    Feature::Capital | Feature::Admin1Seat | Feature::Admin2Seat
                ))
                || (town.feature != Feature::Section && self.same_area(town.admin2, area.name)))
    }

    /// The answer is a point on the map, so candidates that agree on the
    /// point pool their evidence: "Shahrak district" names both a town
    /// and the district around it, and together they outweigh a larger
    /// district elsewhere in the province that lists "Shahrak" among its
    /// other names, though each alone scores a little lower. The spot with
    /// the most evidence (softmax mass, as the confidence below counts it)
    /// wins, and within it the best-scored candidate; the rivals are those
    /// the confidence would count against it.
    fn prefer_the_spot_most_evidence_points_to(&self, scored: &mut [Scored]) {
        let n = scored.len().min(MAX_POOLED);
        if n < 3 {
            return;
        }
        let top = scored[0].score;
        let recs: Vec<Rec> = scored[..n].iter().map(|c| self.rec(c.rec)).collect();
        let mass: Vec<f32> = scored[..n].iter().map(|c| evidence(c.score, top)).collect();
        let pooled = |i: usize| -> f32 {
            (0..n)
                .filter(|&j| self.agree(&recs[i], &recs[j]))
                .map(|j| mass[j])
                .sum()
        };
        let mut best = (0, pooled(0));
        for i in 1..n {
            // Only a candidate that agrees with nothing above it can start
            // a new spot; the others were counted with the one they join.
            if (0..i).any(|j| self.agree(&recs[i], &recs[j])) {
                continue;
            }
            let p = pooled(i);
            if p > best.1 * 1.05 {
                best = (i, p);
            }
        }
        if best.0 > 0 {
            scored[best.0].score = top + 0.01;
            scored.sort_by(|a, b| b.score.total_cmp(&a.score));
        }
    }

    /// "on the Syrian border": the country, at country precision, and no
    /// claim to a point on the border.
    fn resolve_border(&self, text: &str, ph: &Phrase) -> Resolution<Place> {
        let Some(ci) = self.country_of_name(&ph.name) else {
            return Resolution::unresolved();
        };
        let rec = self.country(ci).record;
        let place = self.place(text, rec, Some(GeoPrecision::Country));
        Resolution {
            best: Some(place.clone()),
            confidence: 0.5,
            candidates: vec![(place, 1.0)],
            matched: Some(format!("border:{}", self.country(ci).iso3)),
        }
    }
}
