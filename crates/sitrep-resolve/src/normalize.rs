//! Matching keys for names that reach English text through transliteration.
//!
//! Why two keys: the same Arabic, Persian, Pashto, Cyrillic or Somali name is
//! written many ways ("Deir ez-Zor", "Deir al-Zour", "Dayr az Zawr"). [`fold`]
//! removes the differences that never change which place or group is meant
//! (case, diacritics, articles, apostrophes, doubled letters, q/k, kh/h, …)
//! and is trusted almost as much as the exact name. [`skeleton`] goes further
//! and drops the inner vowels, where transliterations disagree most; it finds
//! more but is trusted less, so callers score its hits lower.
//!
//! No crate does this folding for transliterated names, so it is written here;
//! `deunicode` does the Unicode-to-ASCII part.

/// Arabic (and Maltese/Berber-influenced) article forms written as a separate
/// word after hyphens are split: "al-", "el-", the sun-letter assimilations
/// ("ad-", "ash-", "as-", "at-", "az-", "ar-", "an-") and the "e" forms common
/// in Levantine names ("ez-", "es-", "ed-", "en-", "er-", "et-").
const ARTICLES: &[&str] = &[
    "al", "el", "ad", "adh", "ash", "as", "at", "ath", "az", "ar", "an", "ed", "es", "esh", "et",
    "ez", "er", "en", "ul",
];

/// Whether a word (lower-case) is an Arabic article [`fold`] drops.
pub fn is_article(word: &str) -> bool {
    ARTICLES.contains(&word)
}

/// The Persian ezafe written as a word of its own between two words of a
/// name: "Nawa-e Barakzayi", "Nawah-ye Barkaza'i", "Nawa-I- Barak Zayi",
/// "Qal'a-i-Naw" are one name; romanisations write it -e, -ye, -i or not
/// at all.
const EZAFE: &[&str] = &["e", "ye", "i", "yi"];

/// The folded key of a name: lower-case ASCII words separated by one space,
/// with transliteration variants merged. Empty when the name has no letters
/// or digits.
pub fn fold(name: &str) -> String {
    let words = words(name);
    let keep_from = words.len().saturating_sub(1);
    let mut out = String::with_capacity(name.len());
    for (i, w) in words.iter().enumerate() {
        // An article is dropped only when a word follows it, so a name that is
        // just "As" or "An" keeps its key.
        if i < keep_from && ARTICLES.contains(&w.as_str()) {
            continue;
        }
        if i > 0 && i < keep_from && EZAFE.contains(&w.as_str()) {
            continue;
        }
        let f = fold_word(w);
        if f.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&f);
    }
    out
}

/// Other ways the same name may have been folded, for a lookup that found
/// nothing under the key itself. Romanisations of Persian and Pashto names
/// disagree on how the words of a compound are cut and on the ezafe that
/// links them: "Dasht-e Qal'a" is also "Dashti Qala", "Sar-e Pul"
/// "Saripul" or "Sar Pul", "Deh Mazang" "Dehmazang", "Qala-i-Naw" "Qalay
/// Naw". From a folded key this gives, in order: the key with an ezafe
/// joined to a word taken off it ("dashti kala" → "dasht kala"), the words
/// written as one ("deh mazang" → "dehmazang"), and a one-word key cut in
/// two at each place that leaves at least three letters a side
/// ("dehmazang" → … "deh mazang" …). Tajik and Uzbek "-obod" is Persian
/// "-abad" ("Dustobod", "Dostabad"). No variant repeats the key.
pub fn variants(folded: &str) -> Vec<String> {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out: Vec<String> = Vec::new();
    let push = |v: String, out: &mut Vec<String>| {
        if !v.is_empty() && v != folded && !out.contains(&v) {
            out.push(v);
        }
    };
    let abad = |w: &str| -> String {
        match w.strip_suffix("obod") {
            Some(stem) => format!("{stem}abad"),
            None => w.to_string(),
        }
    };
    let base: Vec<String> = words.iter().map(|w| abad(w)).collect();
    push(base.join(" "), &mut out);
    if words.len() >= 2 {
        // An ezafe written onto the word before: "dashti", "shahidi",
        // "kalai" ("Qalay"); only on a word that keeps four letters, so
        // "Ali" or "Shahi" of two-letter stems are left alone.
        let unjoined: Vec<String> = base
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let last = i + 1 == base.len();
                match w.strip_suffix('i').or_else(|| w.strip_suffix('e')) {
                    Some(stem) if !last && stem.len() >= 4 => stem.to_string(),
                    _ => w.clone(),
                }
            })
            .collect();
        push(unjoined.join(" "), &mut out);
        if words.len() <= 3 {
            push(base.concat(), &mut out);
            push(unjoined.concat(), &mut out);
        }
    } else if let Some(w) = base.first() {
        let b = w.as_bytes();
        if w.is_ascii() && b.len() >= 6 {
            for cut in 3..=b.len() - 3 {
                push(format!("{} {}", &w[..cut], &w[cut..]), &mut out);
            }
        }
    }
    out
}

/// The consonant skeleton of a folded key: the name keeps its first letter,
/// every word its consonants; vowels, the glides `y`, `w` and word breaks
/// go. "deir zur" and "dair zawr" both become "drzr"; "albu kamal" and
/// "albukamal" both "albkml"; "dawlat abad" and "dowlatabad" both "dltbd"
/// (a later word's first vowel goes too, or the word break would count);
/// `v` counts as `w`.
pub fn skeleton(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    skeleton_into(folded, &mut out);
    out
}

/// [`skeleton`] appended to `out`: the actor table writes the skeletons
/// of its 100,000 keys into one buffer at every start instead of a
/// String each.
pub fn skeleton_into(folded: &str, out: &mut String) {
    if folded.is_ascii() {
        // The same walk over bytes: folded keys are ASCII, and this runs
        // for every key of the actor table at every start.
        let mut last = 0u8;
        let (mut i, mut j) = (0, 0);
        for &b in folded.as_bytes() {
            if b == b' ' {
                (i, j) = (i + 1, 0);
                continue;
            }
            let c = if b == b'v' { b'w' } else { b };
            let vowel = matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w');
            let first = j == 0 && i == 0;
            j += 1;
            if vowel && !first {
                continue;
            }
            if c != last {
                out.push(c as char);
            }
            last = c;
        }
        return;
    }
    skeleton_chars(folded, out);
}

/// [`skeleton_into`] for any text, char by char.
fn skeleton_chars(folded: &str, out: &mut String) {
    let mut last = '\0';
    for (i, w) in folded.split(' ').enumerate() {
        // Persian and Pashto vav is written v or w ("Vardak", "Wardak").
        for (j, c) in w
            .chars()
            .map(|c| if c == 'v' { 'w' } else { c })
            .enumerate()
        {
            let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w');
            if vowel && (j > 0 || i > 0) {
                continue;
            }
            if c != last {
                out.push(c);
            }
            last = c;
        }
    }
}

/// Splits a name into lower-case ASCII words: diacritics and scripts go
/// through `deunicode`, apostrophes and ayn/hamza marks vanish inside a word
/// ("Asa'ib" → "asaib"), every other non-alphanumeric character separates.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in name.chars() {
        if is_inner_mark(c) {
            continue;
        }
        // An ASCII character is encoded in place: this runs for every
        // character of every name looked up, and a String each was a
        // good part of the folding time.
        let mut ascii = [0u8; 4];
        let s: &str = if c.is_ascii() {
            c.encode_utf8(&mut ascii)
        } else {
            match deunicode::deunicode_char(c) {
                Some(s) => s,
                None => " ",
            }
        };
        for a in s.chars() {
            if a.is_ascii_alphanumeric() {
                cur.push(a.to_ascii_lowercase());
            } else if a == '\'' || a == '`' {
                // deunicode renders ʿ/ʾ as apostrophes: drop them too.
            } else if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Marks that transliterations put inside a word for ayn, hamza and elision.
fn is_inner_mark(c: char) -> bool {
    matches!(
        c,
        '\'' | '`' | '’' | '‘' | 'ʿ' | 'ʾ' | 'ʼ' | 'ʻ' | '´' | 'ʹ' | '′'
    )
}

/// Folds one lower-case ASCII word. The order matters: multi-letter spellings
/// of one sound are merged before doubled letters are collapsed.
fn fold_word(w: &str) -> String {
    let mut s = w.to_string();
    let mut letters = letter_set(&s);
    // Spellings of one sound, longest first.
    for (from, to) in [
        ("dsch", "j"),
        ("tch", "ch"),
        ("dzh", "j"),
        ("dj", "j"),
        ("kh", "h"),
        ("gh", "g"),
        ("dh", "z"),
        ("th", "z"),
        ("ph", "f"),
        ("ck", "k"),
        ("q", "k"),
        ("ou", "u"),
        ("oo", "u"),
        ("ee", "i"),
        ("ie", "i"),
        ("y", "i"),
        // Hussein/Hussain/Husayn, Deir/Dair/Dayr.
        ("ei", "ai"),
    ] {
        // Most words hold few of these spellings: a bit per letter present
        // rules most out before any search (this runs for every word of
        // every name looked up).
        if from.bytes().all(|c| letters & letter_bit(c) != 0)
            && s.as_bytes()
                .windows(from.len())
                .any(|w| w == from.as_bytes())
        {
            s = s.replace(from, to);
            letters = letter_set(&s);
        }
    }
    // Final -ah/-eh is the Arabic ta marbuta, written -a as often.
    if s.len() > 3 && (s.ends_with("ah") || s.ends_with("eh")) {
        s.truncate(s.len() - 2);
        s.push('a');
    }
    // Russian -ov where Ukrainian writes -iv (Kharkov/Kharkiv, Lvov/Lviv).
    if s.len() > 4 && s.ends_with("ov") {
        s.truncate(s.len() - 2);
        s.push_str("iv");
    }
    collapse_doubles(&s)
}

/// One bit per byte value modulo 64 (so every ASCII letter has its own).
#[inline]
fn letter_bit(c: u8) -> u64 {
    1 << (c & 63)
}

/// The bits of the bytes in `s`.
fn letter_set(s: &str) -> u64 {
    s.bytes().fold(0, |m, c| m | letter_bit(c))
}

fn collapse_doubles(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = '\0';
    for c in s.chars() {
        // Digits are never doubled by transliteration: "Tower 22" keeps both.
        if c != last || c.is_ascii_digit() {
            out.push(c);
        }
        last = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte walk of [`skeleton_into`] gives what the char walk gives,
    /// on made-up keys and on every folded key of the shipped actor table.
    #[test]
    fn ascii_skeleton_is_the_char_skeleton() {
        let table = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/kb/actors.tsv"
        ))
        .unwrap_or_default();
        let shipped = table
            .lines()
            .filter_map(|l| l.split('\t').nth(7))
            .flat_map(|k| k.split('|'));
        let made_up = [
            "",
            " ",
            "a",
            "v",
            "av",
            "ya wardak",
            "dair  zawr",
            " oruzgan ",
            "vvv uuu",
            "ab1 2c",
        ];
        for key in made_up.into_iter().chain(shipped) {
            let (mut bytes, mut chars) = (String::new(), String::new());
            skeleton_into(key, &mut bytes);
            skeleton_chars(key, &mut chars);
            assert_eq!(bytes, chars, "{key:?}");
        }
    }

    /// Real variant spellings from news and ACLED/GeoNames; each row must fold
    /// to one key.
    const SAME_FOLD: &[&[&str]] = &[
        &[
            "Asa'ib Ahl al-Haq",
            "Asaib Ahl al-Haq",
            "Asa’ib Ahl al Haq",
            "Asaib Ahl Haq",
        ],
        &[
            "Kataib Hezbollah",
            "Kata'ib Hezbollah",
            "Kattayib Hezbollah",
        ],
        &["Kharkiv", "Kharkov", "KHARKIV"],
        &["Kyiv", "Kiev"],
        &["Al Qaim", "al-Qaim", "Al Qā’im", "Al-Qa'im", "Qaim"],
        &["Sanaa", "Sana'a", "Sanaʿa"],
        &["Raqqa", "Al-Raqqa", "Ar Raqqah", "ar-Raqqah"],
        &["Fallujah", "Falluja", "Al Fallūjah"],
        &["Hasaka", "al-Hasakah", "Al Hasakah"],
        &["Saada", "Sa'dah"],
        &["Marib", "Ma'rib", "Maʼrib"],
        &["Djibouti", "Jibouti"],
        &["Odessa", "Odesa"],
        &["Baquba", "Baqubah", "Ba'qubah"],
        &["Tikrit", "Tikrīt"],
        &["Sāmarrā’", "Samarra"],
        &["Dhi Qar", "Thi Qar", "Zi Qar"],
        &["Khan Younis", "Khan Yunis", "Khān Yūnis"],
        &["Fuad Hussein", "Fuad Hussain", "Fuad Husayn"],
        &["Deir al-Balah", "Dayr al Balah", "Deir el-Balah"],
        &["Nad Ali", "Nad-e Ali", "Nād ‘Alī"],
        &["Qala-e Naw", "Qala-i-Naw", "Qala Naw"],
    ];

    const SAME_SKELETON: &[&[&str]] = &[
        &["Deir ez-Zor", "Deir al-Zour", "Dayr az Zawr"],
        &["Idlib", "Idleb"],
        &["El Fasher", "Al-Fashir"],
        &["Tulkarem", "Ţūlkarm", "Tulkarm"],
        &["Hezbollah", "Hizballah", "Hizbullah"],
        &["Hodeidah", "Hudaydah"],
        &["Mayadin", "Al Mayādīn", "Mayadeen"],
        &["Dawlat Abad", "Dowlatābād", "Dawlatabad"],
        &["Khaniqa", "Khāneqāh"],
        &["Wardak", "Vardak"],
        &[
            "Nawa-e Barakzayi",
            "Nawah-ye Barkaza'i",
            "Nawa-I- Barak Zayi",
        ],
    ];

    #[test]
    fn variants_share_a_fold() {
        for row in SAME_FOLD {
            let first = fold(row[0]);
            assert!(!first.is_empty());
            for v in &row[1..] {
                assert_eq!(fold(v), first, "{v:?} vs {:?}", row[0]);
            }
        }
    }

    #[test]
    fn variants_share_a_skeleton() {
        for row in SAME_SKELETON {
            let first = skeleton(&fold(row[0]));
            for v in &row[1..] {
                assert_eq!(skeleton(&fold(v)), first, "{v:?} vs {:?}", row[0]);
            }
        }
    }

    /// Cuts and ezafes of made-up compounds: each written form lists the
    /// other among its variants, and a short stem keeps its last letter.
    #[test]
    fn variants_recut_compounds() {
        let has = |name: &str, want: &str| {
            let v = variants(&fold(name));
            assert!(v.iter().any(|k| k == want), "{name}: {v:?} lacks {want:?}");
        };
        // An ezafe written onto the word before.
        has("Kalai Zarin", "kala zarin");
        has("Bandi Sultan", "band sultan");
        // The words written as one, and one word cut in two.
        has("Sang Dara", "sangdara");
        has("Dehnawar", "deh nawar");
        has("Sarikotal", "sari kotal");
        // Tajik/Uzbek -obod is Persian -abad.
        has("Hasanobod", "hasanabad");
        // "Ali" and "Shahi" end in i but their stems are too short to
        // carry an ezafe; the key itself is never a variant.
        let ali = variants(&fold("Ali Khel Bala"));
        assert!(!ali.iter().any(|k| k.starts_with("al ")), "{ali:?}");
        assert!(!variants("sangdara").iter().any(|k| k == "sangdara"));
        // Short one-word keys are not cut.
        assert!(variants("kabul").is_empty());
    }

    #[test]
    fn different_names_stay_apart() {
        for (a, b) in [
            ("Tripoli", "Tikrit"),
            ("Homs", "Hama"),
            ("Gaza", "Giza"),
            ("Iran", "Iraq"),
            ("Niger", "Nigeria"),
        ] {
            assert_ne!(fold(a), fold(b));
        }
        // A lone article is a name, not noise.
        assert_eq!(fold("As"), "as");
        assert_eq!(fold("---"), "");
    }
}
