//! Bulk suppressions for legacy code: `cplint-suppressions.json`, in the format of
//! ESLint 9.24's `eslint-suppressions.json` — `{ "path": { "rule-id": { "count": N } } }`,
//! a path relative to the working directory (`/`-separated), the rule by id.
//!
//! As ESLint does, a file's findings of a rule are all suppressed while there are no
//! more of them than the count, and all reported as soon as there are more (cplint
//! cannot tell which of them is new). Unlike ESLint, which counts errors only (its
//! warnings never fail a run), cplint counts findings at every level: warnings fail a
//! run under `--max-warnings`.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::report::RunReport;

/// The file read by default, in the working directory.
pub const DEFAULT_FILE: &str = "cplint-suppressions.json";

/// What ESLint prints (and cplint too) when entries match nothing any more.
pub const UNUSED_MESSAGE: &str = "There are suppressions left that do not occur anymore. Consider re-running the command with `--prune-suppressions`.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub count: usize,
}

/// Counts by file path, then by rule id (sorted: the file is written in a stable order).
pub type Counts = BTreeMap<String, BTreeMap<String, Count>>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    pub entries: Counts,
}

impl Baseline {
    /// Reads `path`; `Ok(None)` when it does not exist.
    pub fn load(path: &Path) -> Result<Option<Baseline>, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read the suppressions file {}: {e}", path.display())),
        };
        serde_json::from_str(&text)
            .map(|entries| Some(Baseline { entries }))
            .map_err(|e| format!("failed to parse the suppressions file {}: {e}", path.display()))
    }

    /// Writes the file (two-space JSON, keys sorted, as ESLint writes it).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(&self.entries).map_err(|e| e.to_string())?;
        text.push('\n');
        // A temporary file renamed over the old one: an interrupted run leaves the
        // old file whole.
        let tmp = path.with_extension("json.cplint-tmp");
        std::fs::write(&tmp, text.as_bytes())
            .and_then(|()| std::fs::rename(&tmp, path))
            .map_err(|e| format!("cannot write the suppressions file {}: {e}", path.display()))
    }

    /// `--suppress-all` (`rules` is `None`) or `--suppress-rule`: the count of each
    /// file and rule of the report becomes the current number of findings.
    pub fn suppress(&mut self, report: &RunReport, rules: Option<&[&str]>) {
        for (file, counts) in counts_of(report) {
            for (rule, count) in counts {
                if rules.is_some_and(|r| !r.contains(&rule.as_str())) {
                    continue;
                }
                self.entries.entry(file.clone()).or_default().insert(rule, count);
            }
        }
    }

    /// Moves the findings the counts cover out of the report (counting them in each
    /// file's `baselined`); returns the entries left unused by the files of this run:
    /// those of the report, and those `linted` says were linted (a clean file has no
    /// report).
    pub fn apply(&self, report: &mut RunReport, linted: &dyn Fn(&str) -> bool) -> Counts {
        let mut unused = Counts::new();
        let mut seen = std::collections::BTreeSet::new();
        for f in &mut report.files {
            let key = key_for(&f.path);
            let Some(entries) = self.entries.get(&key) else { continue };
            seen.insert(key.clone());
            let mut left = entries.clone();
            let mut found: BTreeMap<&'static str, usize> = BTreeMap::new();
            for x in &f.findings {
                *found.entry(x.rule.name).or_default() += 1;
            }
            for (rule, n) in found {
                let Some(allowed) = entries.get(rule) else { continue };
                if n <= allowed.count {
                    f.findings.retain(|x| x.rule.name != rule);
                    f.baselined += n;
                }
                if n < allowed.count {
                    left.insert(rule.to_string(), Count { count: allowed.count - n });
                } else {
                    left.remove(rule);
                }
            }
            if !left.is_empty() {
                unused.insert(key, left);
            }
        }
        for (key, entries) in &self.entries {
            if !seen.contains(key) && !entries.is_empty() && linted(key) {
                unused.insert(key.clone(), entries.clone());
            }
        }
        unused
    }

    /// `--prune-suppressions`: lowers the counts by what is unused, dropping entries
    /// that reach zero and files left with none.
    pub fn prune(&mut self, unused: &Counts) {
        for (file, rules) in unused {
            let Some(entries) = self.entries.get_mut(file) else { continue };
            for (rule, n) in rules {
                if let Some(c) = entries.get_mut(rule) {
                    if c.count <= n.count {
                        entries.remove(rule);
                    } else {
                        c.count -= n.count;
                    }
                }
            }
            if entries.is_empty() {
                self.entries.remove(file);
            }
        }
    }
}

/// Findings per file key and rule id.
fn counts_of(report: &RunReport) -> Counts {
    let mut out = Counts::new();
    for f in &report.files {
        for x in &f.findings {
            out.entry(key_for(&f.path))
                .or_default()
                .entry(x.rule.name.to_string())
                .or_insert(Count { count: 0 })
                .count += 1;
        }
    }
    out
}

/// A report path as the file's key: relative to the working directory, `/`-separated,
/// without `.` or `..` where they can be resolved (`../app/src/a.js` run from `app`
/// is `src/a.js`).
pub fn key_for(shown: &str) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let abs = lexical(&cwd.join(shown));
    let cwd = lexical(&cwd);
    let rel = match abs.strip_prefix(&cwd) {
        Ok(r) => r.to_path_buf(),
        Err(_) => {
            // Outside the working directory: `..` for each folder of the working
            // directory below the common part (as `path.relative` gives).
            let common = abs.components().zip(cwd.components()).take_while(|(a, b)| a == b).count();
            let mut r = PathBuf::new();
            for _ in cwd.components().skip(common) {
                r.push("..");
            }
            r.extend(abs.components().skip(common));
            r
        }
    };
    rel.to_string_lossy().replace('\\', "/")
}

fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}
