//! The events stage's `Resolver` seam, implemented by the knowledge base.

use sitrep_core::{Actor, Place};
use sitrep_events::{DocContext, Family, Resolved, Resolver};
use sitrep_resolve::{EventFamily, Kb};

/// Below this a KB match is treated as unresolved: a wrong name with high
/// confidence is worse than none.
pub(crate) const MIN_CONFIDENCE: f32 = 0.35;

pub struct KbResolver<'a>(pub &'a Kb);

fn kb_context(ctx: &DocContext) -> sitrep_resolve::DocContext {
    sitrep_resolve::DocContext {
        countries: ctx.countries.iter().cloned().collect(),
    }
}

impl Resolver for KbResolver<'_> {
    fn document_context(&self, text: &str) -> DocContext {
        let kb_ctx = self.0.document_context(text);
        let mut countries: Vec<(String, f32)> = kb_ctx.countries.into_iter().collect();
        countries.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        DocContext {
            countries,
            places: Vec::new(),
        }
    }

    fn place(&self, text: &str, ctx: &DocContext) -> Option<Resolved<Place>> {
        let mut pc = kb_context(ctx).place_context();
        for p in &ctx.places {
            pc.add_place(p);
        }
        let r = self.0.resolve_place(text, &pc);
        let value = r.best?;
        (r.confidence >= MIN_CONFIDENCE).then(|| Resolved {
            value,
            confidence: r.confidence,
            matched: r.matched.unwrap_or_default(),
        })
    }

    fn country(&self, iso3: &str, ctx: &DocContext) -> Option<Place> {
        let name = self.0.places.country_by_iso3(iso3)?.name.clone();
        self.place(&name, ctx).map(|r| r.value)
    }

    fn agent_sector(&self, text: &str) -> Option<String> {
        self.0.agent_sector(text).map(str::to_string)
    }

    fn names_water(&self, text: &str) -> bool {
        use sitrep_resolve::places::phrase;
        phrase::names_water(&phrase::parse(text))
    }

    fn actor(&self, text: &str, family: Family, ctx: &DocContext) -> Option<Resolved<Actor>> {
        // "A" (an alias of some acronym) is the article of "A newspaper": a
        // single letter names no one.
        if text.trim().chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return None;
        }
        let family = match family {
            Family::Military => EventFamily::Military,
            Family::Political => EventFamily::Political,
        };
        let r = self
            .0
            .resolve_actor(text, &kb_context(ctx).actor_context(family));
        let mut value = r.best?;
        // An intergovernmental organisation acts for its members, not for
        // the country that hosts its seat: the UN is not a US actor. CAMEO
        // and PLOVER code such actors "IGO" in the country slot.
        if value.sector.iter().any(|s| s == "IGO") {
            value.country = Some("IGO".into());
        }
        (r.confidence >= MIN_CONFIDENCE).then(|| Resolved {
            value,
            confidence: r.confidence,
            matched: r.matched.unwrap_or_default(),
        })
    }
}
