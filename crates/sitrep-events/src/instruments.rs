//! Instruments: what an act is done with is never who does it or whom it
//! is done to. "A roadside bomb exploded" has no actor the text names;
//! "fired tear gas at protesters" is aimed at the protesters, not at the
//! gas.
//!
//! The word class is written from the means ACLED's codebook sorts
//! violence by (explosives, mines and IEDs, artillery, rockets and
//! missiles, aircraft and drones, grenades, chemical agents, firearms, and
//! the crowd-control means of "Protest with intervention"), not from any
//! sentence: a phrase whose head word is one of them names a tool.

/// Head words (lowercase, singular and plural) of weapons and other means.
const MEANS: &[&str] = &[
    "bomb",
    "bombs",
    "ied",
    "ieds",
    "vbied",
    "explosive",
    "explosives",
    "device",
    "devices",
    "mine",
    "mines",
    "landmine",
    "landmines",
    "rocket",
    "rockets",
    "missile",
    "missiles",
    "mortar",
    "mortars",
    "shell",
    "shells",
    "grenade",
    "grenades",
    "drone",
    "drones",
    "uav",
    "uavs",
    "gas",
    "teargas",
    "bullet",
    "bullets",
    "round",
    "rounds",
    "ammunition",
    "munition",
    "munitions",
    "projectile",
    "projectiles",
    "shrapnel",
    "artillery",
    "cannon",
    "cannons",
    "spray",
    // The container a gas or smoke is fired in ("tear gas canisters").
    "canister",
    "canisters",
    "baton",
    "batons",
    "truncheon",
    "truncheons",
    "gun",
    "guns",
    "rifle",
    "rifles",
    "pistol",
    "pistols",
    "weapon",
    "weapons",
    "knife",
    "knives",
    "machete",
    "machetes",
    "rpg",
    "rpgs",
    "barrel",
    "chlorine",
    "sarin",
    "stone",
    "stones",
    "rock",
    "rocks",
    "fire",
    "fires",
    "blast",
    "blasts",
    "explosion",
    "explosions",
    "shot",
    "shots",
    "gunfire",
];

/// Whether `head` (a lowercase word) names a weapon or other means.
pub fn is_means(head: &str) -> bool {
    MEANS.contains(&head)
}

/// Whether a token is a sum of money or its currency sign ("US$", "$5",
/// "€200", "£1m"): the country its currency names is no party to an act.
pub fn is_money(token: &str) -> bool {
    token.contains(['$', '€', '£', '¥', '₦', '₹'])
}

/// Nouns that count out means: "a series of bombs", "a barrage of
/// rockets".
pub const MEASURES: &[&str] = &[
    "series",
    "barrage",
    "volley",
    "volleys",
    "salvo",
    "salvos",
    "hail",
    "number",
    "dozens",
    "hundreds",
    "canisters",
    "canister",
    "rounds",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weapons_and_crowd_control_are_means_people_are_not() {
        for w in ["bomb", "gas", "missiles", "drone", "bullets", "ied"] {
            assert!(is_means(w), "{w}");
        }
        for w in ["police", "protesters", "soldiers", "taliban", "forces"] {
            assert!(!is_means(w), "{w}");
        }
    }
}
