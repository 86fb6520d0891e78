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
