//! Nested configuration: in a run that looks for `cplint.toml` itself (no
//! `--config`, no `--isolated`), the file closest above each linted file applies,
//! as in ruff. The search from a file's folder stops at the repository root (the
//! first folder holding `.git`) or the home folder, like the search from the
//! working directory ([`find_config`]); a file with no `cplint.toml` above it gets
//! the run's own configuration (the one found from the working directory, or the
//! defaults).
//!
//! Files are not merged: a nested `cplint.toml` replaces the one above it for the
//! files below it (ruff does the same unless a file `extend`s another). `--select`,
//! `--ignore`, `--no-prefilter` and the output's needs apply on top of each file.
//!
//! Each folder's answer and each configuration are computed once per run. A
//! nested file that cannot be read or parsed is a run error, reported once (exit 2),
//! and the files below it are not linted with a configuration their authors did
//! not write.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::{Config, find_config, read_config};

/// A run's configuration as its threads share it: `config` as given (it screens
/// files and drives the fix loop) and `screened`, the same with the pre-filter off,
/// for linting files the pre-filter has already let through.
#[derive(Debug, Clone)]
pub struct Shared {
    pub config: Arc<Config>,
    pub screened: Arc<Config>,
}

impl Shared {
    pub fn new(config: Config) -> Shared {
        let mut screened = config.clone();
        screened.prefilter = false;
        Shared { config: Arc::new(config), screened: Arc::new(screened) }
    }
}

/// What the run needs to build a nested file's configuration the way the run's own
/// was built.
#[derive(Debug, Clone, Default)]
pub struct Layering {
    /// `--select`.
    pub select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    /// The home folder, where the upward search stops.
    pub home: Option<PathBuf>,
}

/// The configuration that applies to one file.
#[derive(Debug, Clone)]
pub enum Applies {
    /// The run's own.
    Base,
    /// A nested `cplint.toml`.
    Nested(Shared),
    /// A nested `cplint.toml` that is broken, and why.
    Broken { config: PathBuf, message: String },
}

/// Nested configurations found during one run.
#[derive(Debug)]
pub struct Nested {
    layering: Layering,
    /// The run's own file (absolute), if any.
    base: Option<PathBuf>,
    /// `prefilter` and `keep_source` as the run set them.
    prefilter: bool,
    keep_source: bool,
    /// Folder (absolute) → the `cplint.toml` that applies to its files.
    dirs: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// `cplint.toml` (absolute) → what it loads to.
    loaded: Mutex<HashMap<PathBuf, Loaded>>,
}

#[derive(Debug, Clone)]
enum Loaded {
    Ok(Shared),
    Broken(String),
}

impl Nested {
    /// `base` is the run's own `cplint.toml` (as [`find_config`] found it from the
    /// working directory), `config` the run's configuration.
    pub fn new(layering: Layering, base: Option<&Path>, config: &Config) -> Nested {
        let cwd = std::env::current_dir().unwrap_or_default();
        Nested {
            layering,
            base: base.map(|b| crate::files::normalize(&cwd.join(b))),
            prefilter: config.prefilter,
            keep_source: config.keep_source,
            dirs: Mutex::new(HashMap::new()),
            loaded: Mutex::new(HashMap::new()),
        }
    }

    /// The configuration for the file at `path` (as walked or named).
    pub fn for_file(&self, path: &Path) -> Applies {
        let Some(found) = self.config_above(path) else { return Applies::Base };
        if self.base.as_deref() == Some(found.as_path()) {
            return Applies::Base;
        }
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        let entry = loaded.entry(found.clone()).or_insert_with(|| match self.load(&found) {
            Ok(config) => Loaded::Ok(Shared::new(config)),
            Err(message) => Loaded::Broken(message),
        });
        match entry {
            Loaded::Ok(shared) => Applies::Nested(shared.clone()),
            Loaded::Broken(message) => Applies::Broken { config: found, message: message.clone() },
        }
    }

    /// The `cplint.toml` closest above `path`, cached per folder.
    fn config_above(&self, path: &Path) -> Option<PathBuf> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let absolute = crate::files::normalize(&cwd.join(path));
        let dir = absolute.parent()?.to_path_buf();
        if let Some(hit) = self.dirs.lock().unwrap_or_else(|e| e.into_inner()).get(&dir) {
            return hit.clone();
        }
        let found = find_config(&dir, self.layering.home.as_deref());
        self.dirs.lock().unwrap_or_else(|e| e.into_inner()).insert(dir, found.clone());
        found
    }

    /// Loads the file at `path` (absolute). Its messages name it relative to the
    /// working directory, without repeating the name the run error is keyed by.
    fn load(&self, path: &Path) -> Result<Config, String> {
        let rules = crate::rules::METAS;
        let cwd = std::env::current_dir().unwrap_or_default();
        let rel = path.strip_prefix(&cwd).unwrap_or(path);
        let shown = crate::files::visible_name(&rel.to_string_lossy()).into_owned();
        let untold = |m: String| {
            let m = m.strip_prefix(&shown).map(str::to_string).unwrap_or(m);
            m.strip_prefix(": ").map(str::to_string).unwrap_or(m)
        };
        let mut config = Config::default();
        let text = read_config(rel).map_err(|e| {
            let m = e.to_string().replacen(&format!("cannot read {shown}: "), "cannot read it: ", 1);
            m.replacen(&format!("{shown} is "), "the file is ", 1)
        })?;
        config.apply_file(rules, rel, &text).map_err(|e| untold(e.to_string()))?;
        config.apply_selection(rules, &self.layering.select, &self.layering.ignore).map_err(|e| e.to_string())?;
        config.prefilter = self.prefilter;
        config.keep_source = self.keep_source;
        Ok(config)
    }
}

/// A shared handle on a run's nested configurations (`None`: the run's own
/// configuration applies to every file).
pub type NestedRef = Option<Arc<Nested>>;
