//! ISO 3166-1 alpha-3 codes to ACLED's `iso` (numeric) and `country` (name).
//!
//! `countries.tsv` is compiled from GeoNames `countryInfo.txt` (CC BY 4.0,
//! https://www.geonames.org/), columns ISO3, ISO-Numeric, Country:
//! `awk -F'\t' '!/^#/ && $2!="" {print $2"\t"$3"\t"$5}' ../shared/data/geonames/countryInfo.tsv`

const TABLE: &str = include_str!("countries.tsv");

/// `(numeric code, English name)` of an alpha-3 code.
pub fn lookup(alpha3: &str) -> Option<(u16, &'static str)> {
    TABLE.lines().find_map(|line| {
        let mut f = line.split('\t');
        if f.next()? != alpha3 {
            return None;
        }
        let numeric = f.next()?.parse().ok()?;
        Some((numeric, f.next()?))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_codes() {
        assert_eq!(super::lookup("IRQ"), Some((368, "Iraq")));
        assert_eq!(super::lookup("SYR"), Some((760, "Syria")));
        assert_eq!(super::lookup("XXX"), None);
    }
}
