//! Run configuration: which rules run at which level.

use std::collections::HashMap;

use crate::vocab::{RuleMeta, Severity, find_rule};

use crate::semantic::user_wrappers::{self, UserWrapper};

#[derive(Debug, Clone)]
pub struct Config {
    /// Severity per rule code; rules absent here use their default.
    levels: HashMap<&'static str, Severity>,
    /// Skip files that cannot contain a call site without parsing them.
    pub prefilter: bool,
    /// Extra names that make a value a secret (`secret-in-args`), lowercased without
    /// `_`/`-`.
    pub secret_names: Vec<String>,
    /// Extra programs that write a lot (`buffered-output`, `undrained-stdio`), lowercased;
    /// entries may name a subcommand and flags (`"mytool build"`).
    pub chatty_programs: Vec<String>,
    /// Extra commands that end at once (`missing-timeout`, `undrained-stdio`), in the
    /// pattern syntax of [`crate::semantic::commands::COMMANDS`].
    pub instant_commands: Vec<String>,
    /// Extra commands that can run long or hang (`missing-timeout`).
    pub long_running_commands: Vec<String>,
    /// Extra commands that need a user at a terminal (`missing-timeout`).
    pub interactive_commands: Vec<String>,
    /// Extra interpreters with a heavy start-up (`spawn-per-request`), lowercased.
    pub interpreters: Vec<String>,
    /// Paths the walker skips (`exclude` globs).
    pub exclude: Option<std::sync::Arc<crate::files::Exclude>>,
    /// Project functions that run commands like `child_process`'s (`[[wrappers]]`).
    pub wrappers: Vec<UserWrapper>,
    /// What the project's other files export that is constant (set by the
    /// cross-file pass, [`crate::run::project`]).
    pub project_consts: Option<std::sync::Arc<user_wrappers::ProjectConsts>>,
    /// Keep the text of files with findings in their reports (the text and SARIF
    /// outputs read it; JSON and GitHub do not, so the run need not hold it).
    pub keep_source: bool,
    /// Work out each finding's fix. The language server lints without them and
    /// works them out when the editor asks for code actions.
    pub fixes: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            levels: HashMap::new(),
            prefilter: true,
            secret_names: Vec::new(),
            chatty_programs: Vec::new(),
            instant_commands: Vec::new(),
            long_running_commands: Vec::new(),
            interactive_commands: Vec::new(),
            interpreters: Vec::new(),
            exclude: None,
            wrappers: Vec::new(),
            project_consts: None,
            keep_source: true,
            fixes: true,
        }
    }
}

/// A rule name that is no rule's id or code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule {
    pub name: String,
    /// Every rule id, for the message.
    pub known: Vec<&'static str>,
}

impl UnknownRule {
    pub fn new(name: &str, rules: &[&'static RuleMeta]) -> Self {
        UnknownRule { name: name.to_string(), known: rules.iter().map(|m| m.name).collect() }
    }
}

impl std::fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown rule `{}` (known rules: {})", self.name, self.known.join(", "))
    }
}

impl Config {
    /// The command lists of `cplint.toml`, for the command model.
    pub fn command_lists(&self) -> crate::semantic::commands::UserLists<'_> {
        crate::semantic::commands::UserLists {
            instant: &self.instant_commands,
            long_running: &self.long_running_commands,
            interactive: &self.interactive_commands,
            chatty: &self.chatty_programs,
        }
    }

    /// Whether a file may reach a configured wrapper (the pre-filter's extra needles).
    pub fn may_use_wrappers(&self, bytes: &[u8]) -> bool {
        self.wrappers.iter().any(|w| {
            let needle = w.needle();
            !needle.is_empty() && bytes.windows(needle.len()).any(|win| win == needle.as_bytes())
        })
    }

    pub fn severity(&self, meta: &RuleMeta) -> Severity {
        self.levels.get(meta.code).copied().unwrap_or(meta.default_severity)
    }

    pub fn set_level(&mut self, meta: &'static RuleMeta, level: Severity) {
        self.levels.insert(meta.code, level);
    }

    /// Applies `--select` (only these rules, at their default level or `warning` when
    /// off by default) and then `--ignore`. Names are rule ids or codes of `rules` (the
    /// registry); `ALL` selects every rule.
    pub fn apply_selection(
        &mut self,
        rules: &[&'static RuleMeta],
        select: &[String],
        ignore: &[String],
    ) -> Result<(), UnknownRule> {
        if !select.is_empty() {
            let all = select.iter().any(|s| s.eq_ignore_ascii_case("all"));
            let mut chosen = Vec::new();
            for s in select.iter().filter(|s| !s.eq_ignore_ascii_case("all")) {
                chosen.push(find_rule(rules, s).ok_or_else(|| UnknownRule::new(s, rules))?.code);
            }
            for &meta in rules {
                let keep = all || chosen.contains(&meta.code);
                let level = match (keep, self.severity(meta)) {
                    (false, _) => Severity::Off,
                    (true, Severity::Off) => Severity::Warning,
                    (true, s) => s,
                };
                self.levels.insert(meta.code, level);
            }
        }
        for s in ignore {
            let meta = find_rule(rules, s).ok_or_else(|| UnknownRule::new(s, rules))?;
            self.levels.insert(meta.code, Severity::Off);
        }
        Ok(())
    }
}

/// The file cplint looks for, upward from the working directory.
pub const CONFIG_FILE: &str = "cplint.toml";

/// `cplint.toml` as written by the user. Unknown keys are an error.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Rule levels: `shell-injection = "error"`, `CP012 = "warning"`, `json-in-args = "off"`.
    #[serde(default)]
    pub rules: std::collections::BTreeMap<String, String>,
    /// Extra secret names for `secret-in-args` (added to the built-in list).
    #[serde(default, rename = "secret-names")]
    pub secret_names: Vec<String>,
    /// Extra programs for `buffered-output`.
    #[serde(default, rename = "chatty-programs")]
    pub chatty_programs: Vec<String>,
    /// Extra commands that end at once (`"mytool status"`, `"lsfoo"`).
    #[serde(default, rename = "instant-commands")]
    pub instant_commands: Vec<String>,
    /// Extra commands that can run long or hang.
    #[serde(default, rename = "long-running-commands")]
    pub long_running_commands: Vec<String>,
    /// Extra commands that need a user at a terminal.
    #[serde(default, rename = "interactive-commands")]
    pub interactive_commands: Vec<String>,
    /// Extra interpreters for `spawn-per-request`.
    #[serde(default)]
    pub interpreters: Vec<String>,
    /// Globs of paths to skip, relative to the folder of `cplint.toml` (ruff's
    /// `exclude`): `"dist"` (any file or folder of that name), `"vendor/**/*.js"`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Project functions that run commands like `exec`/`spawn`/...
    #[serde(default)]
    pub wrappers: Vec<WrapperConfig>,
}

/// One `[[wrappers]]` entry.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrapperConfig {
    /// `./lib/shell` (relative to cplint.toml) or a package name.
    pub module: String,
    /// The named export; absent (or `"default"`) for the module value itself.
    pub export: Option<String>,
    /// The `child_process` function it behaves like.
    pub like: String,
    /// Whether it returns a promise instead of taking a callback.
    #[serde(default)]
    pub promise: bool,
}

/// Lowercased, without `_` and `-`: how names are compared.
pub fn fold_name(s: &str) -> String {
    s.chars().filter(|c| *c != '_' && *c != '-').flat_map(|c| c.to_lowercase()).collect()
}

#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Finds `cplint.toml` in `start` or the nearest parent folder, up to the
/// repository's root (the first folder holding `.git`) or the home folder (`home`),
/// whichever comes first: a file above them belongs to someone else.
pub fn find_config(start: &std::path::Path, home: Option<&std::path::Path>) -> Option<std::path::PathBuf> {
    for dir in start.ancestors() {
        let p = dir.join(CONFIG_FILE);
        if std::fs::metadata(&p).is_ok() {
            // Whatever it is (a folder, a FIFO): reading it says what is wrong.
            return Some(p);
        }
        if Some(dir) == home || std::fs::symlink_metadata(dir.join(".git")).is_ok() {
            return None;
        }
    }
    None
}

/// The largest `cplint.toml` read.
pub const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

/// Reads a configuration file: a regular file of at most [`MAX_CONFIG_SIZE`]
/// bytes, read no further than that (and without blocking on a FIFO).
pub fn read_config(path: &std::path::Path) -> Result<String, ConfigError> {
    use std::io::Read;
    let shown = crate::files::visible_name(&path.to_string_lossy()).into_owned();
    let cannot = |e: std::io::Error| ConfigError(format!("cannot read {shown}: {e}"));
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(ConfigError(format!("cannot read {shown}: not a regular file")));
    }
    if meta.len() > MAX_CONFIG_SIZE {
        return Err(ConfigError(format!(
            "{shown} is {} bytes; a configuration file must be at most 1 MB ({MAX_CONFIG_SIZE} bytes)",
            meta.len()
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_SIZE + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > MAX_CONFIG_SIZE {
        return Err(ConfigError(format!("{shown} is larger than 1 MB ({MAX_CONFIG_SIZE} bytes)")));
    }
    String::from_utf8(bytes).map_err(|e| ConfigError(format!("cannot read {shown}: not UTF-8 ({e})")))
}

/// At most [`MAX_EXCERPT`] characters of `line` around byte `at`, with `…` where
/// it is cut and control characters escaped: what an error message quotes.
fn excerpt(line: &str, at: usize) -> String {
    excerpt_of(line, at, MAX_EXCERPT)
}

/// A value from the file as a message quotes it: its first [`MAX_EXCERPT`] characters.
fn quote(value: &str) -> String {
    excerpt_of(value, 0, MAX_EXCERPT)
}

fn excerpt_of(line: &str, at: usize, max: usize) -> String {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let text = if chars.len() <= max {
        line.to_string()
    } else {
        let here = chars.partition_point(|(i, _)| *i < at);
        let start = here.saturating_sub(max / 2).min(chars.len() - max);
        let end = start + max;
        let body: String = chars[start..end].iter().map(|(_, c)| c).collect();
        format!("{}{body}{}", if start > 0 { "…" } else { "" }, if end < chars.len() { "…" } else { "" })
    };
    crate::files::visible_name(&text).into_owned()
}

/// The most characters of a line an error message quotes.
const MAX_EXCERPT: usize = 200;

impl Config {
    /// Applies a `cplint.toml` file's text; `path` is used in error messages, rule
    /// names are looked up among `rules` (the registry).
    pub fn apply_file(
        &mut self,
        rules: &[&'static RuleMeta],
        path: &std::path::Path,
        text: &str,
    ) -> Result<(), ConfigError> {
        let shown = crate::files::visible_name(&path.to_string_lossy()).into_owned();
        let file: FileConfig = toml::from_str(text).map_err(|e| {
            // A message may quote a key or a value from the file.
            let msg = excerpt_of(e.message().trim(), 0, 2 * MAX_EXCERPT);
            // Name the place: `cplint.toml:3:11: invalid type ...` and the line itself.
            match e.span() {
                Some(span) => {
                    let index = crate::lines::LineIndex::new(text);
                    let (line, col) = index.position(span.start);
                    let line_text = index.line_text(line);
                    let line_start = line_text.as_ptr() as usize - text.as_ptr() as usize;
                    let quoted = excerpt(line_text, span.start.saturating_sub(line_start));
                    ConfigError(format!("{shown}:{line}:{col}: {msg}\n  | {quoted}"))
                }
                None => ConfigError(format!("{shown}: {msg}")),
            }
        })?;
        for (rule, level) in &file.rules {
            let meta = find_rule(rules, rule)
                .ok_or_else(|| ConfigError(format!("{shown}: [rules]: {}", UnknownRule::new(&quote(rule), rules))))?;
            let sev = Severity::parse(level).ok_or_else(|| {
                ConfigError(format!(
                    "{shown}: [rules] {rule} = \"{}\": the level must be one of error, warning, note, off",
                    quote(level)
                ))
            })?;
            self.set_level(meta, sev);
        }
        self.secret_names.extend(file.secret_names.iter().map(|s| fold_name(s)).filter(|s| !s.is_empty()));
        self.chatty_programs.extend(file.chatty_programs.iter().map(|s| s.to_ascii_lowercase()));
        self.instant_commands.extend(file.instant_commands.iter().map(|s| s.trim().to_string()));
        self.long_running_commands.extend(file.long_running_commands.iter().map(|s| s.trim().to_string()));
        self.interactive_commands.extend(file.interactive_commands.iter().map(|s| s.trim().to_string()));
        self.interpreters.extend(file.interpreters.iter().map(|s| s.to_ascii_lowercase()));
        let cwd = std::env::current_dir().unwrap_or_default();
        let root = crate::files::normalize(&cwd.join(path.parent().unwrap_or(std::path::Path::new("."))));
        if !file.exclude.is_empty() {
            let exclude = crate::files::Exclude::new(&root, &cwd, &file.exclude)
                .map_err(|e| ConfigError(format!("{shown}: exclude: {}", excerpt_of(&e, 0, 2 * MAX_EXCERPT))))?;
            self.exclude = Some(std::sync::Arc::new(exclude));
        }
        for (i, w) in file.wrappers.iter().enumerate() {
            let api = user_wrappers::api_for(&w.like).ok_or_else(|| {
                ConfigError(format!(
                    "{shown}: wrappers[{i}].like = \"{}\": must be one of exec, execSync, execFile, execFileSync, \
                     spawn, spawnSync, fork",
                    quote(&w.like)
                ))
            })?;
            if w.module.trim().is_empty() {
                return Err(ConfigError(format!("{shown}: wrappers[{i}].module is empty")));
            }
            self.wrappers.push(UserWrapper::new(&root, &w.module, w.export.as_deref(), api, w.promise));
        }
        Ok(())
    }
}
