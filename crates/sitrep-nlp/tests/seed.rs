//! The acceptance checks on the founding example (the seed article) and
//! robustness on hostile input, run with the models shipped in data/models.

use sitrep_core::Annotated;
use sitrep_nlp::Nlp;

fn seed() -> String {
    let path = sitrep_core::data_dir().join("samples/seed/000_9cbdce729a7c3478.txt");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn nlp() -> Nlp {
    Nlp::load_default().expect("models load")
}

fn entities(a: &Annotated, text: &str, label: &str) -> Vec<String> {
    a.entities(text)
        .into_iter()
        .filter(|e| e.label == label)
        .map(|e| e.text)
        .collect()
}

#[test]
fn seed_entities() {
    let text = seed();
    let a = nlp().annotate(&text);
    let (org, loc, per) = (
        entities(&a, &text, "ORG"),
        entities(&a, &text, "LOC"),
        entities(&a, &text, "PER"),
    );
    for name in [
        "Kattayib Hezbollah",
        "Popular Mobilization Forces",
        "Islamic Resistance in Iraq",
    ] {
        assert!(
            org.iter().any(|e| e == name),
            "{name} not an ORG; ORGs: {org:?}"
        );
    }
    for name in ["Baghdad", "al-Qaim", "Akashat", "Jordan"] {
        assert!(
            loc.iter().any(|e| e == name),
            "{name} not a LOC; LOCs: {loc:?}"
        );
    }
    for name in ["Abu Bakr al-Saadi", "Fuad Hussain", "Hussein Allawi"] {
        assert!(
            per.iter().any(|e| e == name),
            "{name} not a PER; PERs: {per:?}"
        );
    }
}

/// A statement has a finite verb: word by word, a past after a plural
/// noun reads as a participle ("jets struck" as in "jets struck by …"),
/// and the sentence then has no clause at all.
#[test]
fn a_statement_s_participle_after_its_subject_is_a_past() {
    let nlp = nlp();
    for (text, verb, subject, object) in [
        (
            "Israeli jets struck Hamas positions in Gaza on Monday.",
            "struck",
            "jets",
            "positions",
        ),
        (
            "Police officers detained three journalists in Minsk on Friday.",
            "detained",
            "officers",
            "journalists",
        ),
    ] {
        let a = nlp.annotate(text);
        let t = &a.sentences[0].tokens;
        let at = |w: &str| t.iter().position(|x| x.text == w).expect("word present") + 1;
        let v = at(verb);
        assert_eq!(t[v - 1].xpos, "VBD", "{text}: {t:#?}");
        assert_eq!(
            (t[at(subject) - 1].head, t[at(subject) - 1].deprel.as_str()),
            (v, "nsubj"),
            "{text}"
        );
        assert_eq!(
            (t[at(object) - 1].head, t[at(object) - 1].deprel.as_str()),
            (v, "obj"),
            "{text}"
        );
    }
    // A fragment without a subject keeps its participle.
    let a = nlp.annotate("Highly recommended by all of our friends.");
    assert!(a.sentences[0].tokens.iter().all(|x| x.xpos != "VBD"));
}

#[test]
fn seed_launched_has_subject_and_object() {
    let text = seed();
    let a = nlp().annotate(&text);
    let s = a
        .sentences
        .iter()
        .find(|s| text[s.start..s.end].contains("Washington launched a lightning strike"))
        .expect("the sentence is found");
    let at = |w: &str| {
        s.tokens
            .iter()
            .position(|t| t.text == w)
            .expect("word present")
            + 1
    };
    let launched = at("launched");
    let washington = &s.tokens[at("Washington") - 1];
    let strike = &s.tokens[at("strike") - 1];
    assert_eq!(
        (washington.head, washington.deprel.as_str()),
        (launched, "nsubj"),
        "{:#?}",
        s.tokens
    );
    assert_eq!(
        (strike.head, strike.deprel.as_str()),
        (launched, "obj"),
        "{:#?}",
        s.tokens
    );
}

#[test]
fn empty_input() {
    assert!(nlp().annotate("").sentences.is_empty());
    assert!(nlp().annotate(" \n\t ").sentences.is_empty());
}

#[test]
fn long_sentence_without_punctuation() {
    let words = [
        "militants",
        "attacked",
        "the",
        "base",
        "near",
        "Mosul",
        "and",
        "fled",
    ];
    let text: Vec<&str> = (0..10_000).map(|i| words[i % words.len()]).collect();
    let text = text.join(" ");
    let a = nlp().annotate(&text);
    let n: usize = a.sentences.iter().map(|s| s.tokens.len()).sum();
    assert_eq!(n, 10_000);
    for s in &a.sentences {
        assert_eq!(
            s.tokens.iter().filter(|t| t.head == 0).count(),
            1,
            "one root per sentence"
        );
        assert!(s.tokens.iter().all(|t| t.head <= s.tokens.len()));
    }
}

#[test]
fn other_scripts() {
    let text = "Вооружённые силы заявили об ударе по Багдаду. قصفت القوات الأمريكية مواقع في بغداد. 日本語の文。";
    let a = nlp().annotate(text);
    assert!(!a.sentences.is_empty());
    for s in &a.sentences {
        for t in &s.tokens {
            assert_eq!(&text[t.start..t.end], t.text);
        }
    }
}

#[test]
fn missing_models_still_tokenize() {
    let dir = std::env::temp_dir().join("sitrep-nlp-no-models");
    let nlp = Nlp::load(&dir).expect("an absent folder is not an error");
    let a = nlp.annotate("Gen. Smith met U.S. officials. They left.");
    assert_eq!(a.sentences.len(), 2);
    assert!(a.sentences[0]
        .tokens
        .iter()
        .all(|t| t.upos == "_" && t.ner == "O"));
}

#[test]
fn nlp_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Nlp>();
}

/// The shipped models are in the current layout (rewrite them with the
/// `relayout` example otherwise): their weight tables are used where the
/// files are mapped, not built in memory at every start.
#[test]
fn shipped_models_are_used_in_place() {
    let nlp = nlp();
    assert_eq!(nlp.layers(), (true, true, true));
    if cfg!(target_endian = "little") {
        assert!(nlp.tables_in_place());
    }
}
