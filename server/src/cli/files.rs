//! Expanding command-line paths: a file stands for itself; a folder for the files under it with
//! one of the wanted extensions, in name order, hidden entries skipped.

use std::io;
use std::path::{Path, PathBuf};

/// Adds `path` to `out`: itself if it is not a folder, else the matching files under it.
pub fn expand(path: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> io::Result<()> {
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries = std::fs::read_dir(path)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()?;
    entries.sort();
    for entry in entries {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        let wanted = entry
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|w| e.eq_ignore_ascii_case(w)));
        if entry.is_dir() || wanted {
            expand(&entry, extensions, out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_expand_to_matching_files_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/.hidden")).unwrap();
        for f in ["a.md", "b/c.MD", "b/d.txt", "b/.hidden/e.md", "b/skip.rs"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let mut out = Vec::new();
        expand(root, &["md"], &mut out).unwrap();
        assert_eq!(out, [root.join("a.md"), root.join("b/c.MD")]);
        let mut out = Vec::new();
        expand(&root.join("b/skip.rs"), &["md"], &mut out).unwrap();
        assert_eq!(
            out,
            [root.join("b/skip.rs")],
            "a named file is taken as given"
        );
    }
}
