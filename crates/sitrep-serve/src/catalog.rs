//! The events the server answers from, held in memory with the lookups each
//! route needs.
//!
//! Why in memory: serve reads every record once at start-up (from the store
//! or a sitrep/1 JSONL file) and then answers from these indexes, so a list
//! request is a scan over pre-parsed rows and a concatenation of
//! pre-serialised JSON — no per-request SQL or serde work — which is what
//! holds thousands of requests a second on two cores. Ingest through
//! `POST /documents` updates it under a write lock.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::value::RawValue;
use sitrep_core::{Document, Event, Record};

use crate::error::ApiError;
use crate::filter::Filter;

/// One event with what the filters and the list view need, precomputed.
#[derive(Debug)]
pub struct EventEntry {
    pub event: Event,
    pub doc_id: String,
    /// The event's date range, parsed; `None` when undated.
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Lower-cased actor and recipient text, names and ids.
    pub actor_text: String,
    /// Lower-cased evidence, actors, place and document title: what `q` searches.
    pub search_text: String,
    /// The list-view JSON of this event (the event plus a document summary).
    pub list_json: Box<RawValue>,
}

impl EventEntry {
    /// Cluster id: the dedup stage's, or the event's own id when it was
    /// never clustered (a cluster of one).
    pub fn cluster_id(&self) -> &str {
        self.event.cluster.as_deref().unwrap_or(&self.event.id)
    }

    /// Newest first, undated last, then by id: the order of every list.
    fn sort_key(&self) -> SortKey {
        SortKey::new(self.start, &self.event.id)
    }

    /// The day the event is counted under in the timeline.
    pub fn day(&self) -> Option<NaiveDate> {
        self.start.or(self.end)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SortKey(bool, Reverse<NaiveDate>, String);

impl SortKey {
    fn new(start: Option<NaiveDate>, id: &str) -> SortKey {
        SortKey(
            start.is_none(),
            Reverse(start.unwrap_or(NaiveDate::MIN)),
            id.to_string(),
        )
    }
}

/// A page position: the sort key of the last event already returned,
/// written `YYYY-MM-DD~id` (or `-~id` for an undated event).
#[derive(Debug, Clone)]
pub struct Cursor(SortKey);

impl Cursor {
    pub fn parse(s: &str) -> Result<Cursor, ApiError> {
        let bad = || ApiError::bad(format!("cursor: '{s}' is not a cursor this server issued"));
        let (date, id) = s.split_once('~').ok_or_else(bad)?;
        if id.is_empty() {
            return Err(bad());
        }
        let start = if date == "-" {
            None
        } else {
            Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| bad())?)
        };
        Ok(Cursor(SortKey::new(start, id)))
    }

    fn of(e: &EventEntry) -> String {
        match e.start {
            Some(d) => format!("{d}~{}", e.event.id),
            None => format!("-~{}", e.event.id),
        }
    }
}

/// One page of a filtered list.
pub struct Page<'a> {
    pub items: Vec<&'a EventEntry>,
    /// How many events match the filter in all.
    pub total: usize,
    pub next_cursor: Option<String>,
}

#[derive(Default)]
pub struct Catalog {
    /// Sorted by `EventEntry::sort_key`.
    events: Vec<EventEntry>,
    by_id: HashMap<String, usize>,
    clusters: HashMap<String, Vec<usize>>,
    docs: HashMap<String, Arc<Document>>,
    doc_events: HashMap<String, Vec<usize>>,
    /// Event positions by location country, ascending: a country filter
    /// (the commonest) scans only its own events.
    by_country: HashMap<String, Vec<usize>>,
}

impl Catalog {
    pub fn from_records(records: impl IntoIterator<Item = Record>) -> Catalog {
        let mut cat = Catalog::default();
        let mut events = Vec::new();
        for r in records {
            cat.take_record(r, &mut events);
        }
        cat.events = events;
        cat.reindex();
        cat
    }

    /// Adds or replaces one document and its events.
    pub fn insert(&mut self, record: Record) {
        let doc_id = record.document.id.clone();
        let mut events: Vec<EventEntry> = std::mem::take(&mut self.events)
            .into_iter()
            .filter(|e| e.doc_id != doc_id)
            .collect();
        self.take_record(record, &mut events);
        self.events = events;
        self.reindex();
    }

    fn take_record(&mut self, record: Record, out: &mut Vec<EventEntry>) {
        let doc = Arc::new(record.document);
        for event in record.events {
            out.push(entry(event, &doc));
        }
        self.docs.insert(doc.id.clone(), doc);
    }

    fn reindex(&mut self) {
        self.events.sort_by_cached_key(EventEntry::sort_key);
        self.by_id.clear();
        self.clusters.clear();
        self.doc_events.clear();
        self.by_country.clear();
        for (i, e) in self.events.iter().enumerate() {
            if let Some(c) = e.event.location.as_ref().and_then(|p| p.country.as_ref()) {
                self.by_country.entry(c.clone()).or_default().push(i);
            }
            self.by_id.insert(e.event.id.clone(), i);
            self.clusters
                .entry(e.cluster_id().to_string())
                .or_default()
                .push(i);
            self.doc_events.entry(e.doc_id.clone()).or_default().push(i);
        }
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn document_count(&self) -> usize {
        self.docs.len()
    }

    pub fn matching<'a>(&'a self, f: &'a Filter) -> impl Iterator<Item = &'a EventEntry> + 'a {
        self.candidates(f)
            .map(|i| &self.events[i])
            .filter(move |e| f.matches(e))
    }

    /// Positions (in list order) of the events that can match `f`: those of
    /// the filter's countries when it names any, else all.
    fn candidates(&self, f: &Filter) -> Box<dyn Iterator<Item = usize> + '_> {
        match f.countries.as_slice() {
            [] => Box::new(0..self.events.len()),
            [one] => Box::new(self.by_country.get(one).into_iter().flatten().copied()),
            many => {
                let mut v: Vec<usize> = many
                    .iter()
                    .filter_map(|c| self.by_country.get(c))
                    .flatten()
                    .copied()
                    .collect();
                v.sort_unstable();
                v.dedup();
                Box::new(v.into_iter())
            }
        }
    }

    pub fn page(&self, f: &Filter, cursor: Option<&Cursor>, limit: usize) -> Page<'_> {
        let from = match cursor {
            Some(c) => self.events.partition_point(|e| e.sort_key() <= c.0),
            None => 0,
        };
        let mut total = 0;
        let mut items = Vec::new();
        let mut more = false;
        for i in self.candidates(f) {
            let e = &self.events[i];
            if !f.matches(e) {
                continue;
            }
            total += 1;
            if i >= from {
                if items.len() < limit {
                    items.push(e);
                } else {
                    more = true;
                }
            }
        }
        let next_cursor = if more {
            items.last().map(|e| Cursor::of(e))
        } else {
            None
        };
        Page {
            items,
            total,
            next_cursor,
        }
    }

    pub fn event(&self, id: &str) -> Option<&EventEntry> {
        self.by_id.get(id).map(|&i| &self.events[i])
    }

    pub fn document(&self, id: &str) -> Option<&Arc<Document>> {
        self.docs.get(id)
    }

    pub fn document_events(&self, id: &str) -> Vec<&EventEntry> {
        self.indexed(self.doc_events.get(id))
    }

    /// The events of a cluster, most confident first.
    pub fn cluster(&self, id: &str) -> Vec<&EventEntry> {
        let mut v = self.indexed(self.clusters.get(id));
        v.sort_by(|a, b| b.event.confidence.total_cmp(&a.event.confidence));
        v
    }

    fn indexed(&self, ix: Option<&Vec<usize>>) -> Vec<&EventEntry> {
        ix.map(|v| v.iter().map(|&i| &self.events[i]).collect())
            .unwrap_or_default()
    }
}

/// A short description of a document for list views.
pub fn doc_summary(d: &Document) -> serde_json::Value {
    serde_json::json!({
        "id": d.id,
        "title": d.title,
        "published": d.published,
        "url": d.url,
        "source": d.source,
    })
}

fn entry(event: Event, doc: &Document) -> EventEntry {
    let date = |s: Option<&String>| {
        s.and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok())
    };
    let start = event.date.as_ref().and_then(|d| date(d.start.as_ref()));
    let end = event
        .date
        .as_ref()
        .and_then(|d| date(d.end.as_ref()))
        .or(start);
    let start = start.or(end);

    let mut actor_text = String::new();
    for a in event.actors.iter().chain(&event.recipients) {
        for s in [Some(&a.text), a.name.as_ref(), a.id.as_ref()]
            .into_iter()
            .flatten()
        {
            actor_text.push_str(&s.to_lowercase());
            actor_text.push('\n');
        }
    }
    let mut search_text = actor_text.clone();
    for s in &event.evidence {
        search_text.push_str(&s.text.to_lowercase());
        search_text.push('\n');
    }
    if let Some(p) = &event.location {
        for s in [Some(&p.text), p.name.as_ref(), p.admin1.as_ref()]
            .into_iter()
            .flatten()
        {
            search_text.push_str(&s.to_lowercase());
            search_text.push('\n');
        }
    }
    if let Some(t) = &doc.title {
        search_text.push_str(&t.to_lowercase());
    }

    let list_json = list_json(&event, doc);
    EventEntry {
        event,
        doc_id: doc.id.clone(),
        start,
        end,
        actor_text,
        search_text,
        list_json,
    }
}

/// The event as sitrep/1 JSON plus a `document` summary, without the
/// (possibly large) `explain` data, which the event route carries.
fn list_json(event: &Event, doc: &Document) -> Box<RawValue> {
    let slim = Event {
        explain: None,
        ..event.clone()
    };
    let mut s = serde_json::to_string(&slim).unwrap_or_else(|_| "{}".into());
    // An Event always serialises as a non-empty object, so it ends in '}'.
    if s.ends_with('}') && s.len() > 2 {
        s.pop();
        s.push_str(",\"document\":");
        s.push_str(&doc_summary(doc).to_string());
        s.push('}');
    }
    RawValue::from_string(s).unwrap_or_else(|_| {
        RawValue::from_string("null".into()).expect("literal null is valid JSON")
    })
}
