//! What `events` and `resolve` produce: typed events with their arguments,
//! each field traceable to the text it came from.

use serde::{Deserialize, Serialize};

use crate::Document;

/// One `sitrep/1` line: a document and what it reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub schema: String,
    pub document: Document,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub aggregates: Vec<Aggregate>,
    /// Set when the story as a whole is judged outside ACLED's scope (a
    /// flood, an industrial accident, a crime, an accusation, diplomacy):
    /// what kind of story it is. No event then carries an `acled` type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_acled: Option<OutsideAcled>,
    /// Set when the story claims responsibility for an act it reports ("the
    /// group claimed the attack in a statement"): the sentence that makes
    /// the claim. ACLED codes the act, so the events keep their types;
    /// CASE 2021 labels such a story by the claim (ATTRIB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsibility_claim: Option<Span>,
}

/// The kinds of story ACLED does not code (CASE 2021's five labels outside
/// its 25 sub-event types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutsideAcled {
    NaturalDisaster,
    ManMadeDisaster,
    OrganisedCrime,
    Accusation,
    Diplomacy,
}

impl Record {
    pub fn new(document: Document) -> Self {
        Record {
            schema: crate::SCHEMA.to_string(),
            document,
            events: Vec::new(),
            aggregates: Vec::new(),
            outside_acled: None,
            responsibility_claim: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `<document id>:<n>`
    pub id: String,
    pub plover: Plover,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acled: Option<Acled>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub recipients: Vec<Actor>,
    #[serde(default)]
    pub location: Option<Place>,
    #[serde(default)]
    pub date: Option<DateRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities: Option<Count>,
    /// The number of deaths a coder recorded when the text says it differs
    /// from the number the report states ("Fatalities coded as 0 (VoJ
    /// reported 3)"): `fatalities` keeps the stated number, this the coded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities_coded: Option<Count>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<Count>,
    pub modality: Modality,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<Attribution>,
    /// The sentences or clauses that support the event; byte offsets into
    /// `Document::text`.
    pub evidence: Vec<Span>,
    /// The word or phrase that names the event in its first mention (an
    /// extension of sitrep/1; byte offsets into `Document::text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Span>,
    pub confidence: f32,
    /// Id shared by events judged the same real-world event (set by dedup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// Why each field was chosen: trigger, parse paths, KB matches. Present
    /// only under `--explain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plover {
    pub event: PloverType,
    #[serde(default)]
    pub mode: Vec<String>,
    #[serde(default)]
    pub context: Vec<String>,
}

/// The 16 PLOVER event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PloverType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl PloverType {
    pub const ALL: [PloverType; 16] = [
        PloverType::Agree,
        PloverType::Consult,
        PloverType::Support,
        PloverType::Concede,
        PloverType::Cooperate,
        PloverType::Aid,
        PloverType::Retreat,
        PloverType::Request,
        PloverType::Accuse,
        PloverType::Reject,
        PloverType::Threaten,
        PloverType::Protest,
        PloverType::Sanction,
        PloverType::Mobilize,
        PloverType::Coerce,
        PloverType::Assault,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PloverType::Agree => "AGREE",
            PloverType::Consult => "CONSULT",
            PloverType::Support => "SUPPORT",
            PloverType::Concede => "CONCEDE",
            PloverType::Cooperate => "COOPERATE",
            PloverType::Aid => "AID",
            PloverType::Retreat => "RETREAT",
            PloverType::Request => "REQUEST",
            PloverType::Accuse => "ACCUSE",
            PloverType::Reject => "REJECT",
            PloverType::Threaten => "THREATEN",
            PloverType::Protest => "PROTEST",
            PloverType::Sanction => "SANCTION",
            PloverType::Mobilize => "MOBILIZE",
            PloverType::Coerce => "COERCE",
            PloverType::Assault => "ASSAULT",
        }
    }

    pub fn parse(s: &str) -> Option<PloverType> {
        PloverType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for PloverType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Acled {
    pub event_type: String,
    pub sub_event_type: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// As written in the text.
    pub text: String,
    /// Canonical name (ACLED's naming for generic state and civilian actors).
    #[serde(default)]
    pub name: Option<String>,
    /// Knowledge-base id, e.g. `kb:kataib-hezbollah`.
    #[serde(default)]
    pub id: Option<String>,
    /// ISO 3166-1 alpha-3.
    #[serde(default)]
    pub country: Option<String>,
    /// PLOVER sector codes: GOV, MIL, COP, REB, …
    #[serde(default)]
    pub sector: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// As written in the text.
    pub text: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub geonameid: Option<u32>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub precision: Option<GeoPrecision>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeoPrecision {
    Point,
    Town,
    District,
    Region,
    Country,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateRange {
    /// The temporal expression as written ("about a week ago").
    pub text: String,
    /// ISO dates, inclusive; `None` when it cannot be resolved (no
    /// publication date to anchor a relative expression).
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    pub precision: DatePrecision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    Week,
    PartOfMonth,
    Month,
    Year,
    Unknown,
}

/// A count read from the text, kept as a range: "at least 12" is `min 12`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub text: String,
    #[serde(default)]
    pub min: Option<u32>,
    #[serde(default)]
    pub max: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    Asserted,
    Claimed,
    Denied,
    Hypothetical,
    Planned,
    Requested,
    Historical,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Claimed => "claimed",
            Modality::Denied => "denied",
            Modality::Hypothetical => "hypothetical",
            Modality::Planned => "planned",
            Modality::Requested => "requested",
            Modality::Historical => "historical",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    pub text: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// A piece of `Document::text`, by byte offsets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A count of incidents over a period: "more than 165 attacks since …".
/// Never turned into that many events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    pub text: String,
    pub plover: Plover,
    pub count: Count,
    #[serde(default)]
    pub recipients: Vec<Actor>,
    #[serde(default)]
    pub location: Option<Place>,
    #[serde(default)]
    pub period: Option<DateRange>,
    pub evidence: Vec<Span>,
}
