//! What the benchmarks share: the texts they time.

use std::path::Path;

/// The `.txt` files of `dir`, in name order (unreadable ones skipped: a
/// benchmark times what it can read).
pub fn texts(dir: &Path) -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}
