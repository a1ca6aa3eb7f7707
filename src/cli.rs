//! Command-line interface (SPEC §4): parses the arguments, builds a [`Session`],
//! calls it, renders the report and turns it into the exit code. `main.rs` only
//! calls [`main`].

use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::baseline;
use crate::output::{self, Format};
use crate::report::{ErrorKind, ExitPolicy, RunReport};
use crate::rules;
use crate::session::{ConfigSource, FixTotals, RunOptions, Session};

#[derive(Parser, Debug)]
#[command(
    name = "cplint",
    version,
    about = "Finds the ways Node.js programs misuse node:child_process",
    long_about = "Finds the ways Node.js programs misuse node:child_process: shell injection, \
                  command lines passed as program names, and more.\n\n\
                  Exit codes: 0 = no error-level findings (and warnings within --max-warnings), \
                  1 = findings, 2 = usage error, bad configuration or internal error.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print a rule's documentation (by id such as `shell-injection`, or code such as `CP001`)
    Explain {
        /// Rule id or code
        rule: String,
    },
    /// List every rule with its code, default level and summary
    Rules {
        /// Output format
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
        /// Write one Markdown page per rule (and an index) into this folder
        #[arg(long, value_name = "DIR")]
        write_docs: Option<PathBuf>,
    },
    /// Run a language server on standard input and output, for editors (see the README's "Editor integration")
    Lsp,
    /// Write a commented `cplint.toml` into the working directory (never over an existing one)
    Init,
}

/// What `cplint init` writes: every key, commented out, so the file changes nothing
/// until edited.
pub const INIT_TEMPLATE: &str = r#"# cplint configuration: https://github.com/cplint/cplint#configuration
# Each file gets the cplint.toml closest above it (up to the repository's root or your
# home folder); a package's own file replaces this one for the files below it.
# Every key is optional.

# Paths to skip, relative to this file. A pattern without `/` matches a file or
# folder name anywhere; one with `/` is a path from here.
# exclude = ["dist", "*.min.js", "vendor/**"]

# Lists the rules use, extending the built-in ones:
# secret-names = ["session_cookie"]          # secret-in-args
# chatty-programs = ["terraform"]            # buffered-output
# interpreters = ["deno", "bun"]             # spawn-per-request
# instant-commands = ["mytool status"]       # end at once: no timeout needed
# long-running-commands = ["mytool sync"]    # can hang: always need a time bound
# interactive-commands = ["mytool shell"]    # need a user at a terminal

# The level of each rule, by id or code: error, warning, note, off
# (`cplint rules` lists them with their default levels).
[rules]
# orphaned-child = "warning"
# CP007 = "off"

# Your own functions that run commands like a child_process function:
# [[wrappers]]
# module = "./lib/shell"   # a path relative to this file, or a package name
# export = "run"           # leave out for the module itself
# like = "exec"            # exec, execSync, execFile, execFileSync, spawn, spawnSync, fork
# promise = true           # returns a promise, like util.promisify(exec)
"#;

/// `cplint init`.
fn init() -> ExitCode {
    let path = std::path::Path::new("cplint.toml");
    let created = fs::OpenOptions::new().write(true).create_new(true).open(path);
    match created.and_then(|mut f| f.write_all(INIT_TEMPLATE.as_bytes())) {
        Ok(()) => {
            let _ = writeln!(io::stderr(), "Created cplint.toml");
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            usage_error("cplint.toml already exists here; not overwriting it")
        }
        Err(e) => usage_error(format!("cannot write cplint.toml: {e}")),
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct LintArgs {
    /// Files or directories to lint [default: .]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(short = 'f', long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Write the report to this file instead of standard output
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Run only these rules (ids or codes, comma-separated; `ALL` for every rule)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Do not run these rules (ids or codes, comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Report errors only (drop warnings and notes)
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Exit with 1 when there are more than N warnings
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Exit with 0 even when there are findings (2 still means cplint failed)
    #[arg(long)]
    pub exit_zero: bool,
    /// Print only the number of findings per rule, most first (text and concise formats)
    #[arg(long)]
    pub statistics: bool,
    /// Read the source from standard input and report it under this file name
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Do not honour .gitignore and .ignore files
    #[arg(long)]
    pub no_ignore: bool,
    /// Also exclude paths named on the command line when they match an `exclude` glob of cplint.toml
    #[arg(long)]
    pub force_exclude: bool,
    /// Include findings silenced by inline `cplint-disable` directives, marked as suppressed (text: one line each; json, sarif: flagged)
    #[arg(long)]
    pub report_suppressed: bool,
    /// Number of threads, 1 to 1024 [default: number of CPUs, at most 1024]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Give up on a file whose analysis takes longer than this (a parse error for that
    /// file; the run goes on); 0 waits forever
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub file_timeout: u64,
    /// Parse every file, even those that cannot contain a child_process call (for testing the pre-filter)
    #[arg(long)]
    pub no_prefilter: bool,
    /// Lint each file on its own: do not follow exported functions that run a shell, or exported constants, into the files importing them
    #[arg(long)]
    pub no_cross_file: bool,
    /// Use this configuration file for every file instead of the closest `cplint.toml` above each
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any `cplint.toml`
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Apply safe fixes to the files (and report what is left)
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (with --fix or --diff): they change behaviour for some inputs
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them; exit 1 when there is a diff
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Color in the text report: auto (when writing to a terminal), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Lint only the files changed since the git commit REF (a branch such as
    /// `origin/main`): changed on this branch since it left REF, staged, unstaged or
    /// untracked; deleted files are not linted. Paths given narrow the list
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
    /// Record every finding of the run in the suppressions file (a baseline for legacy
    /// code: later runs report only what goes beyond it)
    #[arg(long, conflicts_with_all = ["suppress_rule", "diff"])]
    pub suppress_all: bool,
    /// Record the findings of these rules in the suppressions file (ids or codes,
    /// comma-separated or repeated)
    #[arg(long, value_delimiter = ',', value_name = "RULE", conflicts_with = "diff")]
    pub suppress_rule: Vec<String>,
    /// Remove the entries of the suppressions file that match no finding any more
    #[arg(long, conflicts_with = "diff")]
    pub prune_suppressions: bool,
    /// The suppressions file [default: cplint-suppressions.json in the working
    /// directory, read when present]
    #[arg(long, value_name = "FILE")]
    pub suppressions_location: Option<PathBuf>,
    /// Exit as usual when the suppressions file has entries that match nothing (a
    /// warning instead of exit code 2)
    #[arg(long)]
    pub pass_on_unpruned_suppressions: bool,
}

/// `--format`: [`Format`] as the command line spells it.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Code frames, a rule link on each finding, and a summary line
    Text,
    /// One line per finding: `path:line:col: CODE [rule] message`, and the summary line
    Concise,
    Json,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Concise => Format::Concise,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
            FormatArg::Sarif => Format::Sarif,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Writes `s` to stdout; a closed pipe (`cplint . | head`) is not an error.
fn emit(s: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(s).and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

fn usage_error(msg: impl std::fmt::Display) -> ExitCode {
    let _ = writeln!(io::stderr(), "cplint: error: {msg}");
    ExitCode::from(2)
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Explain { rule }) => explain(&rule),
        Some(Command::Rules { format, write_docs }) => list_rules(format, write_docs),
        Some(Command::Lsp) => crate::lsp::run(),
        Some(Command::Init) => init(),
        None => lint(cli.lint),
    }
}

fn explain(name: &str) -> ExitCode {
    let Some(rule) = rules::find(name) else {
        return usage_error(crate::config::UnknownRule::new(name, crate::rules::METAS));
    };
    let meta = rule.meta();
    let text = format!(
        "# {} ({})\n\nDefault severity: {}\n\n{}",
        meta.name,
        meta.code,
        meta.default_severity.as_str(),
        meta.docs()
    );
    match emit(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage_error(e),
    }
}

/// The index page of the generated docs.
pub fn rules_index() -> String {
    let mut s = String::from(
        "<!-- Generated by `cargo run -- rules --write-docs rules`; do not edit. -->\n# cplint rules\n\n| code | rule | default | summary |\n|---|---|---|---|\n",
    );
    for m in rules::metas() {
        s.push_str(&format!(
            "| {} | [`{}`]({}.md) | {} | {} |\n",
            m.code,
            m.name,
            m.name,
            m.default_severity.as_str(),
            m.summary
        ));
    }
    s
}

fn list_rules(format: RulesFormat, write_docs: Option<PathBuf>) -> ExitCode {
    if let Some(dir) = write_docs {
        let result = fs::create_dir_all(&dir).and_then(|_| {
            for m in rules::metas() {
                fs::write(dir.join(format!("{}.md", m.name)), m.markdown_page())?;
            }
            fs::write(dir.join("README.md"), rules_index())
        });
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => usage_error(format!("cannot write docs to {}: {e}", dir.display())),
        };
    }
    let text = match format {
        RulesFormat::Text => {
            let mut s = String::new();
            for m in rules::metas() {
                s.push_str(&format!("{}  {:<24} {:<8} {}\n", m.code, m.name, m.default_severity.as_str(), m.summary));
            }
            s
        }
        RulesFormat::Json => {
            let v: Vec<serde_json::Value> = rules::metas()
                .map(|m| {
                    serde_json::json!({
                        "code": m.code, "name": m.name, "default_severity": m.default_severity.as_str(),
                        "category": m.category, "summary": m.summary, "cwe": m.cwe, "docs": m.docs(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
    };
    match emit(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage_error(e),
    }
}

fn fix_mode(args: &LintArgs) -> crate::fix::Mode {
    if args.unsafe_fixes { crate::fix::Mode::Unsafe } else { crate::fix::Mode::Safe }
}

/// The exit code [`RunReport::exit_code`] gives; when too many warnings are the
/// reason it fails, standard error says so.
fn exit(report: &RunReport, policy: &ExitPolicy) -> ExitCode {
    let code = report.exit_code(policy);
    let warnings = report.count(crate::vocab::Severity::Warning);
    if let Some(max) = policy.max_warnings
        && code == 1
        && !policy.diff
        && warnings > max
    {
        let _ = writeln!(
            io::stderr(),
            "cplint: found {warnings} {}, more than --max-warnings {max}",
            if warnings == 1 { "warning" } else { "warnings" }
        );
    }
    ExitCode::from(code)
}

fn warn(message: &str) {
    let _ = writeln!(io::stderr(), "cplint: warning: {message}");
}

/// `--diff`: every changed file's diff on stdout, a count on stderr; exit 1 when
/// something would change (as ruff's `--diff`).
fn print_diffs(report: &RunReport, totals: &FixTotals, policy: &ExitPolicy) -> ExitCode {
    let mut out = String::new();
    for (_, d) in &totals.diffs {
        out.push_str(d);
    }
    if let Err(e) = emit(out.as_bytes()) {
        return usage_error(e);
    }
    // What could not be linted goes to stderr: stdout holds the diff alone.
    for (path, msg) in &report.run_errors {
        let _ = writeln!(io::stderr(), "cplint: error: {path}: {msg}");
    }
    for f in &report.files {
        for e in
            f.errors.iter().filter(|e| matches!(e.kind, ErrorKind::ParseError | ErrorKind::Io | ErrorKind::Internal))
        {
            let at = e.position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default();
            let kind = match e.kind {
                ErrorKind::ParseError => "parse-error",
                ErrorKind::Io => "io-error",
                _ => "internal-error",
            };
            let _ = writeln!(io::stderr(), "cplint: error: {}{at}: {kind}: {}", f.path, e.message);
        }
    }
    let files = totals.diffs.len();
    let _ = writeln!(
        io::stderr(),
        "Would fix {} in {} {}",
        if totals.applied == 1 { "1 problem".to_string() } else { format!("{} problems", totals.applied) },
        files,
        if files == 1 { "file" } else { "files" }
    );
    exit(report, policy)
}

/// `--fix`/`--diff` on standard input: the fixed source (or the diff) goes to
/// stdout, the remaining findings to stderr.
fn fix_stdin(args: &LintArgs, session: &Session, name: &str, buf: &[u8], policy: &ExitPolicy) -> ExitCode {
    let Ok(text) = std::str::from_utf8(buf) else {
        return usage_error("--fix needs UTF-8 input on standard input");
    };
    let mut fixed = session.fix_source(name, text, fix_mode(args), args.diff);
    if args.quiet {
        fixed.report.keep_errors_only();
    }
    for (path, msg) in &fixed.totals.problems {
        warn(&format!("{path}: {msg}"));
    }
    if args.diff {
        let diff: String = fixed.totals.diffs.iter().map(|(_, d)| d.as_str()).collect();
        if let Err(e) = emit(diff.as_bytes()) {
            return usage_error(e);
        }
        return exit(&fixed.report, policy);
    }
    if let Err(e) = emit(fixed.text.as_bytes()) {
        return usage_error(e);
    }
    // The report (of the fixed text) in `--format`, into `-o` or on stderr: stdout
    // holds the source.
    if let Err(e) = write_report(&fixed.report, args, Sink::Stderr) {
        return usage_error(e);
    }
    exit(&fixed.report, policy)
}

/// Where a report goes when `-o` does not say.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sink {
    Stdout,
    Stderr,
}

/// Renders the report in `--format` into `-o`, or else to `sink`.
fn write_report(report: &RunReport, args: &LintArgs, sink: Sink) -> Result<(), String> {
    let terminal = match sink {
        Sink::Stdout => io::stdout().is_terminal(),
        Sink::Stderr => io::stderr().is_terminal(),
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => args.output_file.is_none() && terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut buf = Vec::new();
    output::write(report, args.format.into(), color, &mut buf).map_err(|e| format!("cannot render the report: {e}"))?;
    match (&args.output_file, sink) {
        (Some(path), _) => fs::write(path, &buf).map_err(|e| format!("cannot write {}: {e}", path.display())),
        (None, Sink::Stdout) => emit(&buf).map_err(|e| e.to_string()),
        (None, Sink::Stderr) => io::stderr().write_all(&buf).map_err(|e| e.to_string()),
    }
}

/// The named path (a file, or a folder holding it) through which the existing
/// output file `out` would be linted, comparing real paths; `None` when it is not
/// among the inputs (a file in a named folder counts when cplint lints its
/// extension, whether or not an ignore file or `exclude` rules it out).
fn output_among_inputs<'p>(out: &std::path::Path, paths: &'p [PathBuf]) -> Option<&'p PathBuf> {
    let out = fs::canonicalize(out).ok()?;
    let lintable = crate::files::lang_for(&out.file_name()?.to_string_lossy()).is_some();
    paths
        .iter()
        .find(|p| fs::canonicalize(p).is_ok_and(|p| p == out || (lintable && p.is_dir() && out.starts_with(&p))))
}

fn lint(args: LintArgs) -> ExitCode {
    let source = match (&args.config, args.isolated) {
        (Some(p), _) => ConfigSource::File(p.clone()),
        (None, true) => ConfigSource::Isolated,
        (None, false) => ConfigSource::Nearest,
    };
    let mut config = match Session::load_config(&source, &args.select, &args.ignore) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    config.prefilter = !args.no_prefilter;
    config.keep_source = matches!(args.format, FormatArg::Text | FormatArg::Sarif);
    let writes_baseline = args.suppress_all || !args.suppress_rule.is_empty() || args.prune_suppressions;
    if writes_baseline && args.stdin_filename.is_some() {
        return usage_error(
            "--suppress-all, --suppress-rule and --prune-suppressions cannot be used with --stdin-filename",
        );
    }
    let baseline_path = args.suppressions_location.clone().unwrap_or_else(|| PathBuf::from(baseline::DEFAULT_FILE));
    let baseline = match baseline::Baseline::load(&baseline_path) {
        Ok(Some(b)) => Some(b),
        Ok(None) if writes_baseline => Some(baseline::Baseline::default()),
        Ok(None) if args.suppressions_location.is_some() => {
            return usage_error(format!(
                "the suppressions file {} does not exist; run with --suppress-all or --suppress-rule to create it",
                baseline_path.display()
            ));
        }
        Ok(None) => None,
        Err(e) => return usage_error(e),
    };
    let mut suppress_rules = Vec::new();
    for name in &args.suppress_rule {
        match rules::find(name) {
            Some(r) => suppress_rules.push(r.meta().name),
            None => return usage_error(crate::config::UnknownRule::new(name, crate::rules::METAS)),
        }
    }
    let baseline_in_use = baseline.is_some() && !args.diff;
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(crate::session::MAX_THREADS)
    });
    if !(1..=crate::session::MAX_THREADS).contains(&threads) {
        return usage_error(format!("--threads must be between 1 and {}", crate::session::MAX_THREADS));
    }
    let nested = source == ConfigSource::Nearest;
    let session = Session::new(
        config,
        RunOptions {
            threads,
            file_timeout: (args.file_timeout > 0).then(|| std::time::Duration::from_secs(args.file_timeout)),
            no_ignore: args.no_ignore,
            force_exclude: args.force_exclude,
            report_suppressed: args.report_suppressed,
            // With a suppressions file, `--quiet` applies after it (as in ESLint): its
            // counts are of every finding.
            quiet: args.quiet && !baseline_in_use,
            statistics: args.statistics,
            warnings: Some(std::sync::Arc::new(warn)),
            cross_file: !args.no_cross_file,
        },
    );
    // Without --config or --isolated, the cplint.toml closest above each file applies.
    let session = if nested { session.with_nested_configs(&args.select, &args.ignore) } else { session };
    let policy = ExitPolicy { exit_zero: args.exit_zero, max_warnings: args.max_warnings, diff: args.diff };

    let mut linted_paths = Vec::new();
    let report = if let Some(name) = &args.stdin_filename {
        if !args.paths.is_empty() {
            return usage_error("--stdin-filename reads the source from standard input; do not also pass paths");
        }
        let mut buf = Vec::new();
        if let Err(e) = io::stdin().read_to_end(&mut buf) {
            return usage_error(format!("cannot read standard input: {e}"));
        }
        if session.excludes_named(std::path::Path::new(name)) {
            return ExitCode::SUCCESS;
        }
        if args.fix || args.diff {
            return fix_stdin(&args, &session, name, &buf, &policy);
        }
        linted_paths.push(PathBuf::from(name));
        session.check_source(name, &buf)
    } else {
        let named = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
        let paths = match &args.changed_since {
            None => named,
            Some(reference) => match changed_files(reference, &named, &session) {
                Ok(p) => p,
                Err(e) => return usage_error(e),
            },
        };
        if let Some(out) = &args.output_file
            && let Some(input) = output_among_inputs(out, &paths)
        {
            return usage_error(format!(
                "the output file {} is one of the files to lint ({}); write the report elsewhere",
                out.display(),
                input.display()
            ));
        }
        if args.changed_since.is_none() && paths.iter().all(|p| session.excludes_named(p)) {
            // Hooks pass file names; when each one is excluded there is nothing to say.
            return ExitCode::SUCCESS;
        }
        linted_paths.clone_from(&paths);
        if args.fix || args.diff {
            let (report, totals) = session.fix(&paths, fix_mode(&args), args.fix);
            for (path, msg) in &totals.problems {
                warn(&format!("{path}: {msg}"));
            }
            if args.diff {
                return print_diffs(&report, &totals, &policy);
            }
            report
        } else {
            session.check(&paths)
        }
    };

    let mut report = report;
    let mut unused = baseline::Counts::new();
    // Whether the file of a suppressions entry was linted by this run (a clean file
    // has no report): it exists inside a path linted.
    let roots: Vec<PathBuf> = linted_paths.iter().filter_map(|p| fs::canonicalize(p).ok()).collect();
    let linted = |key: &str| {
        fs::canonicalize(key).is_ok_and(|real| {
            real.is_file()
                && roots.iter().any(|r| real.starts_with(r))
                && !session
                    .config_for(std::path::Path::new(key))
                    .exclude
                    .as_ref()
                    .is_some_and(|x| x.is_excluded(std::path::Path::new(key)))
        })
    };
    if let Some(mut baseline) = baseline.filter(|_| baseline_in_use) {
        if args.suppress_all || !suppress_rules.is_empty() {
            baseline.suppress(&report, (!args.suppress_all).then_some(suppress_rules.as_slice()));
        }
        if args.prune_suppressions {
            let stale = baseline.apply(&mut clone_counts(&report), &linted);
            baseline.prune(&stale);
        }
        if writes_baseline && let Err(e) = baseline.save(&baseline_path) {
            return usage_error(e);
        }
        unused = baseline.apply(&mut report, &linted);
        // Entries of rules this run did not run (`--select`, a level set to off)
        // cannot be matched: they are not stale.
        for rules in unused.values_mut() {
            rules.retain(|name, _| {
                rules::find(name).is_none_or(|r| session.config().severity(r.meta()) != crate::vocab::Severity::Off)
            });
        }
        unused.retain(|_, rules| !rules.is_empty());
    }
    if args.quiet {
        report.keep_errors_only();
    }
    if let Err(e) = write_report(&report, &args, Sink::Stdout) {
        return usage_error(e);
    }
    if !unused.is_empty() {
        if !args.pass_on_unpruned_suppressions {
            let _ = writeln!(io::stderr(), "cplint: error: {}", baseline::UNUSED_MESSAGE);
            return ExitCode::from(2);
        }
        warn(baseline::UNUSED_MESSAGE);
    }
    exit(&report, &policy)
}

/// A copy of the report's files with their findings (for [`baseline::Baseline::apply`]
/// to count on without changing the report).
fn clone_counts(report: &RunReport) -> RunReport {
    RunReport {
        files: report
            .files
            .iter()
            .map(|f| crate::report::FileReport {
                path: f.path.clone(),
                findings: f.findings.clone(),
                ..Default::default()
            })
            .collect(),
        files_scanned: report.files_scanned,
        elapsed_ms: 0,
        run_errors: Vec::new(),
        show_statistics: false,
        fixed: 0,
    }
}

/// `--changed-since`: the changed files inside the paths named, of a language
/// cplint lints and not excluded by `cplint.toml`.
fn changed_files(reference: &str, named: &[PathBuf], session: &Session) -> Result<Vec<PathBuf>, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))?;
    let changed = crate::git::changed_since(&cwd, reference).map_err(|e| format!("--changed-since: {e}"))?;
    let roots: Vec<PathBuf> = named.iter().filter_map(|p| fs::canonicalize(p).ok()).collect();
    Ok(changed
        .into_iter()
        .filter(|p| p.is_file() && crate::files::lang_for(&p.to_string_lossy()).is_some())
        .filter(|p| fs::canonicalize(p).is_ok_and(|real| roots.iter().any(|r| real.starts_with(r))))
        .filter(|p| !session.config_for(p).exclude.as_ref().is_some_and(|x| x.is_excluded(p)))
        .map(|p| p.strip_prefix(&cwd).map(PathBuf::from).unwrap_or(p))
        .collect())
}
