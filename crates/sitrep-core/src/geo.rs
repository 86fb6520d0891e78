//! Distance on the globe, which the resolver (proximity to places already
//! named), the events stage (does a village lie in the district named with
//! it) and the evaluators (within 25 km of gold) all measure the same way.

/// Great-circle distance in km between two (lat, lon) points in degrees.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::haversine_km;

    #[test]
    fn baghdad_to_basra_is_about_450_km() {
        let d = haversine_km((33.3152, 44.3661), (30.5085, 47.7804));
        assert!((440.0..470.0).contains(&d), "{d}");
        assert_eq!(haversine_km((1.0, 2.0), (1.0, 2.0)), 0.0);
    }
}
