//! Place-name normalisation (fold, skeleton, phrase parsing) and toponym
//! resolution against the bundled gazetteer.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitrep_resolve::normalize::{fold, skeleton};
use sitrep_resolve::places::phrase;
use sitrep_resolve::{Gazetteer, PlaceContext};

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/kb");
        Gazetteer::load(&dir).expect("the bundled gazetteer loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let name = String::from_utf8_lossy(data);
    let folded = fold(&name);
    assert!(folded.is_ascii(), "fold left non-ASCII: {folded:?}");
    let _ = skeleton(&folded);
    let _ = phrase::parse(&name);
    // Resolution is slower; a bounded name keeps executions fast.
    if name.len() <= 200 {
        let _ = gazetteer().resolve(&name, &PlaceContext::default());
    }
});
