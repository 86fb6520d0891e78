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
use std::marker::PhantomData;
use std::ops::Deref;
use std::path::Path;
use std::sync::Arc;

use bytemuck::Pod;

/// The whole content of a file, mapped read-only.
pub struct FileBytes {
    map: Option<memmap2::Mmap>,
    /// The file's length: a copy in huge pages
    /// ([`FileBytes::read_to_huge_pages`]) is mapped longer.
    len: usize,
}

/// A huge page's size on x86-64 and most Linux systems.
const HUGE_PAGE: usize = 2 << 20;

impl FileBytes {
    /// Maps `path`. Errors are the file's open or map errors.
    pub fn open(path: &Path) -> io::Result<FileBytes> {
        let file = File::open(path)?;
        if file.metadata()?.len() == 0 {
            return Ok(FileBytes { map: None, len: 0 });
        }
        // SAFETY: the map is read-only and private to this process; sitrep
        // never writes its data files while reading them (see the module
        // documentation for what a change by another process means).
        let map = unsafe { memmap2::Mmap::map(&file)? };
        let len = map.len();
        Ok(FileBytes {
            map: Some(map),
            len,
        })
    }

    /// Reads `path` into memory of this process's own, in huge pages
    /// where the system gives them (Linux, transparent huge pages on
    /// request), else as [`FileBytes::open`] maps it.
    ///
    /// Why: the language models' weight tables (tens of megabytes) are
    /// read at random, a few bytes per lookup. In a mapped file each
    /// lookup lands on another 4 KiB page, and the address translation
    /// misses as often as the data does; on this project's virtual
    /// machines (two-level translation) that cost ~10 % of `sitrep nlp`.
    /// In 2 MiB pages the tables need a few dozen translations. The copy
    /// costs ~10 ms per process and gives up sharing the pages between
    /// processes.
    pub fn read_to_huge_pages(path: &Path) -> io::Result<FileBytes> {
        #[cfg(target_os = "linux")]
        {
            use std::io::Read;
            let mut file = File::open(path)?;
            let len = usize::try_from(file.metadata()?.len())
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "file too large"))?;
            if len == 0 {
                return Ok(FileBytes { map: None, len: 0 });
            }
            // Whole huge pages, so the last one is not split.
            let mut anon = memmap2::MmapMut::map_anon(len.div_ceil(HUGE_PAGE) * HUGE_PAGE)?;
            // Only a hint: without huge pages the copy still works.
            let _ = anon.advise(memmap2::Advice::HugePage);
            file.read_exact(&mut anon[..len])?;
            Ok(FileBytes {
                map: Some(anon.make_read_only()?),
                len,
            })
        }
        #[cfg(not(target_os = "linux"))]
        FileBytes::open(path)
    }
}

impl Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.map.as_deref().map_or(&[], |m| &m[..self.len])
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

/// A table of numbers that either lives in memory or is read in place from
/// a mapped file.
///
/// Why: a model's weight tables are tens of megabytes. Built in memory at
/// every start, they cost the kernel fresh zeroed pages and the loader a
/// pass over every row, which was most of a one-document run; stored in the
/// file in the layout they are used in, they are used where the file is
/// mapped, only the pages a run looks at are read, and processes share them.
/// A table read from anywhere else (a buffer, a big-endian machine, a
/// misaligned offset) is copied into memory instead, and a table being
/// built or changed (training) is always in memory.
pub enum Table<T> {
    Owned(Vec<T>),
    Mapped(Mapped<T>),
}

/// Numbers of type `T` stored in a mapped file, in native byte order.
pub struct Mapped<T> {
    map: Arc<FileBytes>,
    start: usize,
    len: usize,
    _values: PhantomData<T>,
}

impl<T: Pod> Mapped<T> {
    /// The numbers in `bytes`, which must be a slice of `map`'s bytes,
    /// aligned for `T` and a whole number of them; `None` otherwise, or when
    /// the machine's byte order is not the files' (little-endian).
    pub fn new(map: &Arc<FileBytes>, bytes: &[u8]) -> Option<Mapped<T>> {
        if cfg!(target_endian = "big") {
            return None;
        }
        let base = map.as_ptr() as usize;
        let start = (bytes.as_ptr() as usize).checked_sub(base)?;
        if start + bytes.len() > map.len() {
            return None;
        }
        let values: &[T] = bytemuck::try_cast_slice(bytes).ok()?;
        Some(Mapped {
            map: Arc::clone(map),
            start,
            len: values.len(),
            _values: PhantomData,
        })
    }

    fn as_slice(&self) -> &[T] {
        let bytes = &self.map[self.start..self.start + self.len * std::mem::size_of::<T>()];
        // Checked in `new`: the bytes are in the map, aligned, whole values.
        bytemuck::cast_slice(bytes)
    }
}

impl<T: Pod> Table<T> {
    /// `n` numbers of `N` bytes each at the front of `bytes`, little-endian,
    /// `bytes` then advanced past them: in place when `map` holds `bytes`
    /// and they are aligned, else decoded into memory.
    pub fn read<const N: usize>(
        bytes: &mut &[u8],
        n: usize,
        map: Option<&Arc<FileBytes>>,
        decode: fn([u8; N]) -> T,
    ) -> io::Result<Table<T>> {
        let size = n
            .checked_mul(N)
            .filter(|&size| size <= bytes.len())
            .ok_or_else(|| {
                io::Error::new(io::ErrorKind::UnexpectedEof, "table runs past the end")
            })?;
        let (table, rest) = bytes.split_at(size);
        *bytes = rest;
        let bytes = table;
        if N == std::mem::size_of::<T>() {
            if let Some(mapped) = map.and_then(|m| Mapped::new(m, bytes)) {
                return Ok(Table::Mapped(mapped));
            }
        }
        Ok(Table::Owned(
            bytes
                .chunks_exact(N)
                .map(|c| {
                    let mut a = [0u8; N];
                    a.copy_from_slice(c);
                    decode(a)
                })
                .collect(),
        ))
    }

    /// The table in memory, to be changed: a mapped table is copied first.
    pub fn to_mut(&mut self) -> &mut Vec<T> {
        if let Table::Mapped(m) = self {
            *self = Table::Owned(m.as_slice().to_vec());
        }
        match self {
            Table::Owned(v) => v,
            Table::Mapped(_) => unreachable!("replaced just above"),
        }
    }

    /// Whether the table is read in place from a mapped file.
    pub fn is_mapped(&self) -> bool {
        matches!(self, Table::Mapped(_))
    }
}

impl<T: Pod> Deref for Table<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            Table::Owned(v) => v,
            Table::Mapped(m) => m.as_slice(),
        }
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table::Owned(Vec::new())
    }
}

impl<T: Pod> Clone for Table<T> {
    fn clone(&self) -> Self {
        match self {
            Table::Owned(v) => Table::Owned(v.clone()),
            Table::Mapped(m) => Table::Mapped(Mapped {
                map: Arc::clone(&m.map),
                start: m.start,
                len: m.len,
                _values: PhantomData,
            }),
        }
    }
}

impl<T: Pod + std::fmt::Debug> std::fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = if self.is_mapped() { "mapped" } else { "owned" };
        write!(f, "Table({} values, {place})", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_read_in_place_from_a_map_and_copied_otherwise() {
        let dir = std::env::temp_dir().join(format!("sitrep-table-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t");
        let mut bytes = vec![0u8; 8];
        for v in [1u32, 2, 300_000] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        std::fs::write(&path, &bytes).unwrap();
        let map = Arc::new(FileBytes::open(&path).unwrap());
        let at = |o: usize| Table::<u32>::read(&mut &map[o..], 3, Some(&map), u32::from_le_bytes);
        let aligned = at(8).unwrap();
        assert_eq!(&*aligned, &[1, 2, 300_000]);
        assert_eq!(aligned.is_mapped(), cfg!(target_endian = "little"));
        // Misaligned: copied, same values read differently.
        let shifted = at(7).unwrap();
        assert!(!shifted.is_mapped());
        assert_eq!(shifted[0], 1 << 8);
        // From a buffer: copied.
        let mut rest = &bytes[8..];
        let copied = Table::<u32>::read(&mut rest, 3, None, u32::from_le_bytes).unwrap();
        assert!(rest.is_empty());
        assert!(!copied.is_mapped());
        assert_eq!(&*copied, &*aligned);
        // Too short: an error, not a panic.
        assert!(Table::<u32>::read(&mut &bytes[8..], 4, None, u32::from_le_bytes).is_err());
        let mut changed = aligned.clone();
        changed.to_mut().push(7);
        assert_eq!(&*changed, &[1, 2, 300_000, 7]);
        assert_eq!(aligned.len(), 3);
        std::fs::remove_dir_all(&dir).unwrap();
    }

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
        assert_eq!(&*FileBytes::read_to_huge_pages(&full).unwrap(), b"abc");
        assert!(FileBytes::read_to_huge_pages(&empty).unwrap().is_empty());
        assert!(FileBytes::read_to_huge_pages(&dir.join("missing")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
