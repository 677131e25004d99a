//! A document's name as the stem of a file name, and back: the store keeps a document's
//! [snapshot](super::snapshot_files) and its [log](super::doc_logs) in files named after it.
//!
//! A document name is `[A-Za-z0-9._-]`, at most 128 bytes (see [`crate::doc_name`]): safe in a
//! file name once an extension follows it (so that `.` and `..` are not the folder's own entries).
//! But names differ by case, and file systems that ignore case (macOS's and Windows's by default)
//! would give `Outage` and `outage` one file. So a name with capitals is written in lower case,
//! followed by `~` (which no name holds) and, in hex, a mask of where its capitals were: `Outage`
//! is `outage~1`. Distinct names give names of files that differ even when case is ignored.

/// The stem of the files of document `name`.
pub fn file_stem(name: &str) -> String {
    let capitals = name
        .bytes()
        .enumerate()
        .filter(|(_, b)| b.is_ascii_uppercase())
        .fold(0u128, |mask, (at, _)| mask | 1 << at);
    if capitals == 0 {
        name.to_owned()
    } else {
        format!("{}~{capitals:x}", name.to_ascii_lowercase())
    }
}

/// The document whose files have stem `stem`, if it is one [`file_stem`] makes.
pub fn name_of_stem(stem: &str) -> Option<String> {
    let (lower, capitals) = match stem.split_once('~') {
        Some((lower, mask)) => (lower, u128::from_str_radix(mask, 16).ok()?),
        None => (stem, 0),
    };
    if lower.len() > 128 || lower.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let name: String = lower
        .chars()
        .enumerate()
        .map(|(at, c)| {
            if capitals >> at & 1 == 1 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    // Only the stem of that very name: no mask bit past the name or on a character without a
    // capital.
    (file_stem(&name) == stem).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stem_gives_back_its_name() {
        for name in ["outage", "Outage", "OUTAGE", "outagE", "a.B-c_9", "..", "A"] {
            assert_eq!(name_of_stem(&file_stem(name)).as_deref(), Some(name));
        }
        let longest = "Z".repeat(crate::doc_name::MAX_LEN);
        assert_eq!(name_of_stem(&file_stem(&longest)), Some(longest));
    }

    #[test]
    fn stems_no_name_has_are_none() {
        for stem in [
            "Outage",
            "outage~0",
            "outage~zz",
            "outage~40",
            "a~1~1",
            "1~2",
        ] {
            assert_eq!(name_of_stem(stem), None, "{stem}");
        }
    }
}
