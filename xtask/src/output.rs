//! Formatting the generated files with rustfmt, and writing or checking them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Formats every file with `rustfmt --edition 2024`.
///
/// The files are formatted where they will live (in a scratch copy of the crate's `src` under
/// `target/`), so rustfmt reads the same configuration as `cargo fmt` does on the real ones.
pub(crate) fn format(
    root: &Path,
    files: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, String> {
    // One directory per call, so two runs at once (two processes, or two tests in one process)
    // do not format or delete each other's files.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let scratch = root
        .join("target")
        .join("xtask-codegen")
        .join(format!("{}-{call}", std::process::id()))
        .join("src");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)
            .map_err(|err| format!("cannot clear {}: {err}", scratch.display()))?;
    }
    std::fs::create_dir_all(&scratch)
        .map_err(|err| format!("cannot create {}: {err}", scratch.display()))?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for (name, text) in files {
        let path = scratch.join(name);
        std::fs::write(&path, text)
            .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
        paths.push(path);
    }
    // rustfmt follows `mod` declarations: the hand-written submodules get empty stand-ins, so
    // it finds them without formatting (or needing) the real files.
    for hand in crate::emit::HAND_WRITTEN {
        let dir = scratch.join(hand.module);
        std::fs::create_dir_all(&dir)
            .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
        let path = dir.join(format!("{}.rs", hand.submodule));
        std::fs::write(&path, "")
            .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
    }
    let mut command = Command::new(std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into()));
    command.arg("--edition").arg("2024");
    if let Some(config) = ["rustfmt.toml", ".rustfmt.toml"]
        .iter()
        .map(|name| root.join(name))
        .find(|path| path.exists())
    {
        command.arg("--config-path").arg(config);
    }
    let status = command
        .args(&paths)
        .status()
        .map_err(|err| format!("cannot run rustfmt: {err}"))?;
    if !status.success() {
        return Err(format!(
            "rustfmt failed on the generated code ({status}); the unformatted files are in {}",
            scratch.display()
        ));
    }
    let formatted = files
        .keys()
        .map(|name| {
            let path = scratch.join(name);
            std::fs::read_to_string(&path)
                .map(|text| (name.clone(), text))
                .map_err(|err| format!("cannot read {}: {err}", path.display()))
        })
        .collect();
    if let Some(dir) = scratch.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
    formatted
}

/// The `.rs` files now in `dir`, by name.
fn existing(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    let entries =
        std::fs::read_dir(dir).map_err(|err| format!("cannot list {}: {err}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|err| err.to_string())?.path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_default()
                .to_owned();
            let text = std::fs::read_to_string(&path)
                .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
            out.insert(name, text);
        }
    }
    Ok(out)
}

/// Writes the files into `dir`, removing `.rs` files the generator no longer produces.
pub(crate) fn write(dir: &Path, files: &BTreeMap<String, String>) -> Result<usize, String> {
    std::fs::create_dir_all(dir)
        .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
    let mut changed = 0;
    for (name, old) in existing(dir)? {
        match files.get(&name) {
            Some(new) if *new == old => {}
            Some(_) => changed += 1,
            None => {
                std::fs::remove_file(dir.join(&name))
                    .map_err(|err| format!("cannot remove {name}: {err}"))?;
                changed += 1;
            }
        }
    }
    for (name, text) in files {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if !path.exists() {
                changed += 1;
            }
            std::fs::write(&path, text)
                .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
        }
    }
    Ok(changed)
}

/// The names of files that differ between `dir` and a fresh generation (missing, changed, extra).
pub(crate) fn differences(
    dir: &Path,
    files: &BTreeMap<String, String>,
) -> Result<Vec<String>, String> {
    let current = existing(dir)?;
    let mut out = Vec::new();
    for (name, text) in files {
        match current.get(name) {
            None => out.push(format!("{name} (missing)")),
            Some(old) if old != text => out.push(format!("{name} (differs)")),
            Some(_) => {}
        }
    }
    for name in current.keys().filter(|name| !files.contains_key(*name)) {
        out.push(format!("{name} (not generated)"));
    }
    Ok(out)
}
