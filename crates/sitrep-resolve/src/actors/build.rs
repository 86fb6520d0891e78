//! `sitrep kb build`, actors half: the curated file, state actors generated
//! for every country with ACLED's naming, and the Phoenix/PETRARCH
//! dictionaries → `data/kb/actors.tsv` and `data/kb/agents.tsv`.
//!
//! Phoenix codes are CAMEO actor codes: a country (or `IGO`, `NGO`, `IMG`
//! …) followed by three-letter roles. Records with date ranges keep the role
//! that is open-ended or ended last, since the dictionaries stop in 2019.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{Role, Source};
use crate::error::KbError;
use crate::normalize::fold;
use crate::places::build::title_case;
use crate::places::Gazetteer;

/// What the build produced, for the command to print.
#[derive(Debug, Clone, Default)]
pub struct ActorsSummary {
    pub curated: usize,
    pub state: usize,
    pub phoenix: usize,
    pub aliases: usize,
    pub agents: usize,
}

/// One compiled actor row.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub country: String,
    pub sectors: Vec<String>,
    pub kind: String,
    pub source: Source,
    pub aliases: Vec<String>,
}

impl Row {
    /// The row as written to `actors.tsv`; the last column holds the folded
    /// keys of the name and aliases so loading need not fold them again.
    fn tsv(&self) -> String {
        let mut keys: Vec<String> = std::iter::once(&self.name)
            .chain(&self.aliases)
            .map(|n| fold(n))
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            self.id,
            self.name,
            self.country,
            self.sectors.join(","),
            self.kind,
            self.source.as_str(),
            self.aliases.join("|"),
            keys.join("|")
        )
    }
}

pub struct Inputs {
    pub phoenix: PathBuf,
    pub curated: PathBuf,
}

impl Inputs {
    pub fn from_shared(shared_data: &Path, kb_dir: &Path) -> Inputs {
        Inputs {
            phoenix: shared_data.join("actors/phoenix-petrarch2"),
            curated: kb_dir.join("actors-curated.tsv"),
        }
    }
}

/// CAMEO role codes kept as PLOVER sectors; insurgents and separatists are
/// rebels in PLOVER's list.
fn sector(code: &str) -> Option<&'static str> {
    Some(match code {
        "GOV" => "GOV",
        "MIL" => "MIL",
        "COP" => "COP",
        "JUD" => "JUD",
        "LEG" => "LEG",
        "PTY" => "PTY",
        "REB" | "INS" | "SEP" => "REB",
        "OPP" => "OPP",
        "SPY" => "SPY",
        "UAF" => "UAF",
        "CVL" => "CVL",
        "JRN" => "JRN",
        "MED" => "MED",
        "REF" => "REF",
        "BUS" => "BUS",
        "EDU" => "EDU",
        "HLH" => "HLH",
        "LAB" => "LAB",
        "ELI" => "ELI",
        "CRM" => "CRM",
        "HRI" => "HRI",
        "IGO" => "IGO",
        "NGO" => "NGO",
        "MNC" => "BUS",
        "IMG" => "REB",
        "AGR" => "AGR",
        "ENV" => "ENV",
        "REL" | "MUS" | "CHR" | "JEW" | "HIN" | "BUD" => "REL",
        _ => return None,
    })
}

/// Splits a CAMEO code into (country, sectors).
fn split_code(code: &str, iso3: &HashSet<String>) -> (String, Vec<String>) {
    let chunks: Vec<&str> = (0..code.len() / 3)
        .filter_map(|i| code.get(i * 3..i * 3 + 3))
        .collect();
    let (country, roles) = match chunks.split_first() {
        Some((c, rest)) if iso3.contains(*c) => (c.to_string(), rest.to_vec()),
        Some((c, rest)) => {
            let mut r = vec![*c];
            r.extend_from_slice(rest);
            (String::new(), r)
        }
        None => (String::new(), Vec::new()),
    };
    let mut sectors: Vec<String> = Vec::new();
    for r in roles {
        if let Some(s) = sector(r) {
            if !sectors.iter().any(|x| x == s) {
                sectors.push(s.to_string());
            }
        }
    }
    (country, sectors)
}

/// `[CODE]`, `[CODE >yymmdd]`, `[CODE yymmdd-yymmdd]`: the code and a sort
/// key for how current it is (open-ended beats the latest end date).
fn parse_codes(line: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(a) = rest.find('[') {
        let Some(b) = rest[a..].find(']') else { break };
        let inner = &rest[a + 1..a + b];
        rest = &rest[a + b + 1..];
        let mut parts = inner.split_whitespace();
        let Some(code) = parts.next() else { continue };
        if code.starts_with('~') || !code.chars().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let date: String = parts.collect::<Vec<_>>().join("");
        let rank = if date.is_empty() {
            // Undated: the default role once dated ones end.
            1
        } else if date.starts_with('>') {
            u64::MAX
        } else {
            let end = date.rsplit(['-', '<']).next().unwrap_or("");
            let digits: String = end.chars().filter(char::is_ascii_digit).collect();
            match digits.len() {
                6 => {
                    let yy: u64 = digits[..2].parse().unwrap_or(0);
                    let century = if yy >= 30 { 19_000_000 } else { 20_000_000 };
                    century + digits.parse::<u64>().unwrap_or(0)
                }
                8 => digits.parse().unwrap_or(0),
                _ => 0,
            }
        };
        out.push((code.to_string(), rank));
    }
    out
}

/// A dictionary phrase to a display name and aliases:
/// `CONTINUITY_IRISH_REPUBLICAN_ARMY_(CIRA)_` → "Continuity Irish Republican
/// Army" and "CIRA".
fn phrase_names(raw: &str) -> (String, Vec<String>) {
    let s = raw.replace('_', " ");
    let s = s.trim();
    let mut aliases = Vec::new();
    let mut name = String::new();
    let mut rest = s;
    while let Some(a) = rest.find('(') {
        name.push_str(&rest[..a]);
        match rest[a..].find(')') {
            Some(b) => {
                let inner = rest[a + 1..a + b].trim();
                if !inner.is_empty() && inner.len() <= 12 && !inner.contains(' ') {
                    aliases.push(inner.to_string());
                }
                rest = &rest[a + b + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    name.push_str(rest);
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    (title_case(&name), aliases)
}

/// A dictionary record being read: phrase, synonyms, dated codes.
type Pending = (String, Vec<String>, Vec<(String, u64)>);

fn read_phoenix(
    path: &Path,
    source: Source,
    iso3: &HashSet<String>,
    out: &mut Vec<Row>,
) -> Result<usize, KbError> {
    let bytes = std::fs::read(path).map_err(|e| KbError::io(path, e))?;
    let text = String::from_utf8_lossy(&bytes);
    let before = out.len();
    let mut cur: Option<Pending> = None;
    let flush = |cur: &mut Option<Pending>, out: &mut Vec<Row>| {
        let Some((phrase, syns, codes)) = cur.take() else {
            return;
        };
        let Some((code, _)) = codes.iter().max_by_key(|c| c.1) else {
            return;
        };
        let (country, sectors) = split_code(code, iso3);
        // Country-only codes name the country itself, its cities and
        // regions: the gazetteer and the metonym rule cover those.
        if sectors.is_empty() {
            return;
        }
        let (name, mut aliases) = phrase_names(&phrase);
        if name.is_empty() {
            return;
        }
        for s in syns {
            let (n, a) = phrase_names(&s);
            aliases.push(n);
            aliases.extend(a);
        }
        let kind = if source == Source::PhoenixCountries
            || (source == Source::PhoenixInternational
                && !code.starts_with("IGO")
                && !code.starts_with("NGO"))
        {
            "person"
        } else if source == Source::PhoenixNonState {
            "group"
        } else {
            "igo"
        };
        out.push(Row {
            id: String::new(),
            name,
            country,
            sectors,
            kind: kind.to_string(),
            source,
            aliases,
        });
    };
    for line in text.lines() {
        let body = line.split('#').next().unwrap_or("");
        if body.trim().is_empty() {
            continue;
        }
        if line.starts_with('\t') || line.starts_with(' ') {
            if let Some(c) = cur.as_mut() {
                c.2.extend(parse_codes(body));
            }
        } else if let Some(syn) = body.strip_prefix('+') {
            if let Some(c) = cur.as_mut() {
                let s = syn.split('[').next().unwrap_or("").trim();
                if !s.is_empty() {
                    c.1.push(s.to_string());
                }
            }
        } else {
            flush(&mut cur, out);
            let head = body.split('[').next().unwrap_or("").trim();
            // `{A}{B}` lists spellings of one name.
            let mut names: Vec<String> = head
                .split(['{', '}'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if names.is_empty() {
                continue;
            }
            let first = names.remove(0);
            cur = Some((first, names, parse_codes(body)));
        }
    }
    flush(&mut cur, out);
    Ok(out.len() - before)
}

fn read_curated(path: &Path, iso3: &HashSet<String>) -> Result<Vec<Row>, KbError> {
    let text = std::fs::read_to_string(path).map_err(|e| KbError::io(path, e))?;
    let mut out = Vec::new();
    let mut ids = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 7 {
            return Err(KbError::bad_line(
                path,
                i + 1,
                "expected id, name, country, sectors, kind, aliases, source",
            ));
        }
        let country = f[2].trim();
        if !country.is_empty() && !iso3.contains(country) {
            return Err(KbError::bad_line(
                path,
                i + 1,
                format!("unknown country {country:?}"),
            ));
        }
        if !ids.insert(f[0].to_string()) {
            return Err(KbError::bad_line(
                path,
                i + 1,
                format!("duplicate id {:?}", f[0]),
            ));
        }
        let kind = f[4].trim();
        if !matches!(kind, "group" | "party" | "state" | "person" | "igo") {
            return Err(KbError::bad_line(
                path,
                i + 1,
                format!("unknown kind {kind:?}"),
            ));
        }
        out.push(Row {
            id: format!("kb:{}", f[0].trim()),
            name: f[1].trim().to_string(),
            country: country.to_string(),
            sectors: f[3]
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            kind: kind.to_string(),
            source: Source::Curated,
            aliases: f[5]
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    Ok(out)
}

/// ACLED writes "Military Forces of the United States", "Civilians (United
/// States)": the article goes only in the "of" form.
fn acled_country(name: &str) -> (String, String) {
    const WITH_THE: &[&str] = &[
        "United States",
        "United Kingdom",
        "United Arab Emirates",
        "Netherlands",
        "Philippines",
        "Central African Republic",
        "Democratic Republic of the Congo",
        "Republic of the Congo",
        "Gambia",
        "Bahamas",
        "Comoros",
        "Maldives",
        "Czech Republic",
        "Dominican Republic",
        "Marshall Islands",
        "Solomon Islands",
    ];
    let short = match name {
        "Democratic Republic of the Congo" => "Democratic Republic of Congo",
        "Republic of the Congo" => "Republic of Congo",
        "Palestinian Territory" => "Palestine",
        other => other,
    };
    let of = if WITH_THE.contains(&name) {
        format!("the {short}")
    } else {
        short.to_string()
    };
    (of, short.to_string())
}

/// Generated state and civilian actors, one per country and role, named as
/// ACLED names them.
fn state_rows(places: &Gazetteer, curated: &[Row]) -> Vec<Row> {
    let taken: HashSet<(String, String)> = curated
        .iter()
        .filter(|r| r.kind == "state")
        .filter_map(|r| Some((r.country.clone(), r.sectors.first()?.clone())))
        .collect();
    let mut out = Vec::new();
    for c in places.countries() {
        let (of, short) = acled_country(&c.name);
        for role in Role::ALL {
            let sector = role.sector();
            if taken.contains(&(c.iso3.clone(), role.code().to_string())) {
                continue;
            }
            let name = match role {
                Role::Government => format!("Government of {of}"),
                Role::Military => format!("Military Forces of {of}"),
                Role::Police => format!("Police Forces of {of}"),
                Role::Legislature => format!("Parliament of {of}"),
                Role::Judiciary => format!("Judiciary of {of}"),
                Role::Intelligence => format!("Intelligence Services of {of}"),
                Role::Civilians => format!("Civilians ({short})"),
                Role::Protesters => format!("Protesters ({short})"),
                Role::Rioters => format!("Rioters ({short})"),
                Role::Unidentified => format!("Unidentified Armed Group ({short})"),
            };
            out.push(Row {
                id: format!(
                    "kb:{}-{}",
                    c.iso3.to_lowercase(),
                    role.code().to_lowercase()
                ),
                name,
                country: c.iso3.clone(),
                sectors: vec![sector.to_string()],
                kind: "state".to_string(),
                source: Source::State,
                aliases: Vec::new(),
            });
        }
    }
    out
}

fn slug(s: &str) -> String {
    fold(s).replace(' ', "-")
}

/// Agent nouns from `Phoenix.agents.txt`: folded noun (and plural) → role.
fn read_agents(path: &Path) -> Result<Vec<(String, String)>, KbError> {
    let bytes = std::fs::read(path).map_err(|e| KbError::io(path, e))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut subst: HashMap<String, Vec<String>> = HashMap::new();
    for line in text.lines() {
        let body = line.split('#').next().unwrap_or("").trim();
        if let Some((k, v)) = body.split_once(" = ") {
            if k.starts_with('!') {
                subst.insert(
                    k.trim().to_string(),
                    v.split(',').map(|s| s.trim().to_string()).collect(),
                );
            }
        }
    }
    let mut out = Vec::new();
    for line in text.lines() {
        let body = line.split('#').next().unwrap_or("").trim();
        if body.is_empty() || body.contains(" = ") {
            continue;
        }
        let Some(a) = body.find("[~") else { continue };
        let code: String = body[a + 2..]
            .chars()
            .take_while(|c| c.is_ascii_uppercase())
            .collect();
        let Some(role) = code.get(..3).and_then(sector) else {
            continue;
        };
        let head = body[..a].trim();
        let (phrase, plural) = match head.find('{') {
            Some(b) => (
                head[..b].trim(),
                head[b + 1..].trim_end_matches('}').trim().to_string(),
            ),
            None => (head, String::new()),
        };
        let mut forms = vec![phrase.to_string()];
        for (k, vals) in &subst {
            if phrase.contains(k.as_str()) {
                forms = vals.iter().map(|v| phrase.replace(k.as_str(), v)).collect();
            }
        }
        let mut keys = Vec::new();
        for f in &forms {
            let f = f.trim_end_matches('_').replace('_', " ");
            keys.push(fold(&f));
            keys.push(fold(&format!("{f}s")));
        }
        if !plural.is_empty() {
            keys.push(fold(&plural.replace('_', " ")));
        }
        for k in keys {
            if !k.is_empty() {
                out.push((k, role.to_string()));
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    Ok(out)
}

/// Builds `actors.tsv` and `agents.tsv` into `out`; the gazetteer there must
/// be built first (state actors are generated per country).
pub fn build(inputs: &Inputs, places: &Gazetteer, out: &Path) -> Result<ActorsSummary, KbError> {
    let iso3: HashSet<String> = places.countries().iter().map(|c| c.iso3.clone()).collect();
    let curated = read_curated(&inputs.curated, &iso3)?;
    let state = state_rows(places, &curated);
    let mut phoenix = Vec::new();
    let p = &inputs.phoenix;
    read_phoenix(
        &p.join("Phoenix.MilNonState.actors.txt"),
        Source::PhoenixNonState,
        &iso3,
        &mut phoenix,
    )?;
    read_phoenix(
        &p.join("Phoenix.International.actors.txt"),
        Source::PhoenixInternational,
        &iso3,
        &mut phoenix,
    )?;
    read_phoenix(
        &p.join("Phoenix.Countries.actors.txt"),
        Source::PhoenixCountries,
        &iso3,
        &mut phoenix,
    )?;

    // The dictionaries file the country a group works in as one of its
    // synonyms ("COLOMBIA" for the ELN, "CHINA" for a company); a
    // country's name names the country, never one of its groups.
    for r in &mut phoenix {
        r.aliases
            .retain(|a| !places.country_names.contains_key(&fold(a)));
    }
    let mut ids: HashSet<String> = curated.iter().chain(&state).map(|r| r.id.clone()).collect();
    for r in &mut phoenix {
        let base = format!("kb:{}", slug(&r.name));
        let mut id = base.clone();
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        ids.insert(id.clone());
        r.id = id;
    }
    let mut tsv = String::from("#id\tname\tcountry\tsectors\tkind\tsource\taliases\tfolded keys\n");
    let mut aliases = 0;
    for r in curated.iter().chain(&state).chain(&phoenix) {
        aliases += r.aliases.len();
        tsv.push_str(&r.tsv());
    }
    let path = out.join("actors.tsv");
    std::fs::write(&path, tsv).map_err(|e| KbError::io(&path, e))?;

    let agents = read_agents(&p.join("Phoenix.agents.txt"))?;
    let mut atsv = String::from("#folded noun\trole\n");
    for (k, r) in &agents {
        atsv.push_str(&format!("{k}\t{r}\n"));
    }
    let apath = out.join("agents.tsv");
    std::fs::write(&apath, atsv).map_err(|e| KbError::io(&apath, e))?;
    Ok(ActorsSummary {
        curated: curated.len(),
        state: state.len(),
        phoenix: phoenix.len(),
        aliases,
        agents: agents.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dictionary_phrases_and_codes() {
        let (n, a) = phrase_names("CONTINUITY_IRISH_REPUBLICAN_ARMY_(CIRA)_");
        assert_eq!(n, "Continuity Irish Republican Army");
        assert_eq!(a, vec!["CIRA"]);
        let codes = parse_codes("\t[ARMGOV 980204-080409]\t[ARMELI]");
        assert_eq!(codes[0].0, "ARMGOV");
        assert_eq!(codes[0].1, 20_080_409);
        assert_eq!(codes[1].1, 1);
        let iso: HashSet<String> = ["IRQ".to_string()].into_iter().collect();
        assert_eq!(
            split_code("IRQREB", &iso),
            ("IRQ".into(), vec!["REB".into()])
        );
        assert_eq!(
            split_code("IMGMUSALQ", &iso),
            (String::new(), vec!["REB".into(), "REL".into()])
        );
    }
}
