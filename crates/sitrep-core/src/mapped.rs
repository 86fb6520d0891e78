//! Read-only bytes of a file, memory-mapped.
//!
//! Why: the models and the knowledge base are ~80 MB of tables of which a
//! run touches a fraction. Reading them into a `Vec` copies every byte
//! before the first document (a third of the loading time went there);
//! mapping them lets the kernel bring in the pages a run actually reads,
//! shares them between processes, and costs nothing for the rest.
//!
//! Files sitrep maps are its own shipped data, opened read-only: a file
//! changed under a running process is outside what it supports (as with
//! any program whose data is rewritten while it runs). An empty file is
//! held as an empty slice (a zero-length map is an error on some systems).

use std::fs::File;
use std::io;
use std::ops::Deref;
use std::path::Path;

/// The whole content of a file, mapped read-only.
pub struct FileBytes {
    map: Option<memmap2::Mmap>,
}

impl FileBytes {
    /// Maps `path`. Errors are the file's open or map errors.
    pub fn open(path: &Path) -> io::Result<FileBytes> {
        let file = File::open(path)?;
        if file.metadata()?.len() == 0 {
            return Ok(FileBytes { map: None });
        }
        // SAFETY: the map is read-only and private to this process; sitrep
        // never writes its data files while reading them (see the module
        // documentation for what a change by another process means).
        let map = unsafe { memmap2::Mmap::map(&file)? };
        Ok(FileBytes { map: Some(map) })
    }
}

impl Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.map.as_deref().unwrap_or(&[])
    }
}

impl AsRef<[u8]> for FileBytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl std::fmt::Debug for FileBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileBytes({} bytes)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_a_file_and_an_empty_one() {
        let dir = std::env::temp_dir().join(format!("sitrep-mapped-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let full = dir.join("full");
        let empty = dir.join("empty");
        std::fs::write(&full, b"abc").unwrap();
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(&*FileBytes::open(&full).unwrap(), b"abc");
        assert!(FileBytes::open(&empty).unwrap().is_empty());
        assert!(FileBytes::open(&dir.join("missing")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
