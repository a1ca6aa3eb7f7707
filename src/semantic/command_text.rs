//! A call's command line as the command model reads it ([`super::commands`]): plain
//! data, kept apart so that [`super::site::CallFacts`] can hold it without the call
//! site depending on the model that computes it.

/// One piece of a command's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    /// Text cplint cannot read.
    Hole,
    /// `process.execPath`: the running `node`, which always exists.
    ExecPath,
}

/// A word of a simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    Lit(String),
    /// Unknown text ending in known text (`${dir}/setup.exe`, `path.join(d, "x")`).
    Tail(String),
    Unknown,
    /// `process.execPath`.
    ExecPath,
    /// `NAME=<unknown text>`: a shell assignment with a computed value.
    Assign,
}

pub(super) fn is_assignment_text(s: &str) -> bool {
    match s.split_once('=') {
        Some((name, _)) => {
            name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

impl Word {
    pub(super) fn of(pieces: &[Piece]) -> Word {
        match pieces {
            [Piece::ExecPath] => Word::ExecPath,
            _ if pieces.iter().all(|p| matches!(p, Piece::Lit(_))) => {
                Word::Lit(pieces.iter().map(|p| if let Piece::Lit(s) = p { s.as_str() } else { "" }).collect())
            }
            [Piece::Lit(first), ..] if is_assignment_text(first) => Word::Assign,
            _ => {
                let tail: Vec<&str> = pieces
                    .iter()
                    .rev()
                    .map_while(|p| if let Piece::Lit(s) = p { Some(s.as_str()) } else { None })
                    .collect();
                let tail: String = tail.into_iter().rev().collect();
                if tail.is_empty() { Word::Unknown } else { Word::Tail(tail) }
            }
        }
    }

    /// The text, when it is all known.
    pub fn text(&self) -> Option<&str> {
        match self {
            Word::Lit(s) => Some(s),
            _ => None,
        }
    }
}

/// One simple command: the program first, then its arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    pub words: Vec<Word>,
    /// Run under `timeout N`: it cannot outlive its limit.
    pub bounded: bool,
}

impl Segment {
    /// The program's base name, lowercased, without directory or `.exe`/`.cmd`/`.bat`.
    pub fn program(&self) -> Option<String> {
        match self.words.first()? {
            Word::Lit(s) => base_name(s),
            Word::Tail(t) if t.contains(['/', '\\']) => base_name(t),
            Word::ExecPath => Some("node".into()),
            _ => None,
        }
    }

    /// The program is `process.execPath` or a shell: it exists wherever the code runs.
    pub fn program_always_exists(&self) -> bool {
        match self.words.first() {
            Some(Word::ExecPath) => true,
            Some(Word::Lit(s)) => {
                let p = s.trim().to_ascii_lowercase();
                matches!(p.as_str(), "sh" | "/bin/sh" | "cmd" | "cmd.exe")
                    || p.ends_with("\\cmd.exe")
                    || p.ends_with("\\system32\\cmd.exe")
            }
            _ => false,
        }
    }
}

pub(super) fn base_name(s: &str) -> Option<String> {
    let s = s.trim();
    let base = s.rsplit(['/', '\\']).next().unwrap_or(s).to_ascii_lowercase();
    let base = ["exe", "cmd", "bat", "com"]
        .iter()
        .find_map(|ext| base.strip_suffix(&format!(".{ext}")).map(str::to_string))
        .unwrap_or(base);
    (!base.is_empty()).then_some(base)
}

/// One value a call's command can take, read into simple commands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub segments: Vec<Segment>,
}

/// How long a command runs, by what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Ends on its own at once or after finite local work, with no network, daemon,
    /// device, input or prompt: queries (`ps`, `git rev-parse`, `lsblk`), `--version`
    /// and `help`, kill helpers, local file operations (`cp`, `tar`, `unzip`).
    Instant,
    /// Nothing known.
    Unknown,
    /// Needs a user at a terminal: an editor, a pager, a REPL, `git commit` without a
    /// message, `docker run -it`.
    Interactive,
    /// Can run long or hang by nature: network (`git fetch`, `npm install`, `curl`),
    /// a daemon (`docker`), devices (`smartctl`, `system_profiler`), builds and
    /// encoders (`make`, `ffmpeg`), servers and watchers, tools known to stall (`df`
    /// on a stale mount, `lsof`, `wmic`).
    LongRunning,
}

/// What a command does, as far as the model knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub kind: Kind,
    /// Writes a lot over a long run (build logs, progress output): more than a
    /// buffering API's `maxBuffer` or a pipe's 64 KB.
    pub chatty: bool,
    /// Only reports information (changes nothing): its failure shows up as missing
    /// output to whoever reads it.
    pub query: bool,
}

impl Class {
    pub(super) const UNKNOWN: Class = Class { kind: Kind::Unknown, chatty: false, query: false };
}

/// A call's command as far as cplint can read it: every value it can take.
#[derive(Debug, Clone, Default)]
pub struct CommandText {
    /// Empty when nothing is known about the command.
    pub lines: Vec<Line>,
}

impl CommandText {
    /// The program of the first command, when known.
    pub fn first_program(&self) -> Option<String> {
        self.lines.first()?.segments.first()?.program()
    }

    /// Every alternative's first program is `process.execPath` or a shell.
    pub fn program_always_exists(&self) -> bool {
        !self.lines.is_empty()
            && self.lines.iter().all(|l| l.segments.first().is_some_and(Segment::program_always_exists))
    }
}
