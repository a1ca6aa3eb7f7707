//! What a rule emits: byte ranges, labels, messages and fixes, before any position
//! is worked out. A leaf module.

use serde::Serialize;

/// A secondary location with a short text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// How far a fix can be trusted (ruff's applicability levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Safety {
    /// Advice only: no edit is offered.
    DisplayOnly,
    /// Behaviour changes for some inputs (`--unsafe-fixes`).
    Unsafe,
    /// Behaviour is preserved for every input (`--fix`).
    Safe,
}

impl Safety {
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::DisplayOnly => "display-only",
            Safety::Unsafe => "unsafe",
            Safety::Safe => "safe",
        }
    }
}

/// One replacement of the byte range `start..end` of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
    /// 1-based positions (columns in characters, end exclusive); filled in by
    /// [`crate::lint_source`], zero in a rule's raw output.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Edit {
    pub fn new(start: usize, end: usize, replacement: impl Into<String>) -> Edit {
        Edit { start, end, replacement: replacement.into(), line: 0, column: 0, end_line: 0, end_column: 0 }
    }
}

/// A suggested change. Display-only fixes carry no edits, only the advice in `title`.
#[derive(Debug, Clone)]
pub struct Fix {
    pub safety: Safety,
    pub title: String,
    pub edits: Vec<Edit>,
}

/// A rule's raw output: byte ranges, no positions yet.
#[derive(Debug, Clone)]
pub struct RawFinding {
    pub start: usize,
    pub end: usize,
    /// Where the code frame's main label goes (usually the callee).
    pub primary: Label,
    pub message: String,
    pub help: Option<String>,
    pub note: Option<String>,
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
}

/// An exported function of a file that runs a shell command built from one of its
/// parameters (`module.exports = (cmd) => exec(cmd)`): the file's summary for its
/// importers ([`crate::semantic::exports`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SinkExport {
    /// The export's name; `None` for the module value itself or the default export.
    pub export: Option<String>,
    /// The parameter's position (0 = first).
    pub param: usize,
    /// The 1-based line of the shell call it reaches (the first one, per export).
    pub line: usize,
}

/// A constant an exported name holds, as far as the exporting file's own value
/// analysis proves it (`exports.INSTALL = "npm install"`): the file's summary for
/// its importers ([`crate::semantic::exports::const_exports`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConstExport {
    /// The export's name; `None` for the module value itself or the default export.
    pub export: Option<String>,
    /// The text, when every part of it is known; `None` for a constant whose text
    /// cplint does not compute (`path.join(__dirname, "x")`).
    pub text: Option<String>,
}

/// What a file exports that is constant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ModuleConsts {
    /// Sorted by name, one entry per name.
    pub exports: Vec<ConstExport>,
    /// A CommonJS module: its module value is the object of its named exports, so
    /// `import c from "./m"` and `require("./m")` read them as `c.NAME`.
    pub commonjs: bool,
    /// Exported functions that declare no parameter and return, on every path, a
    /// value without shell syntax (constants, numbers, text whose metacharacters
    /// were removed): a call of one is a constant for importers
    /// (`util.getVboxmanage()`). Sorted, one entry per name.
    pub safe_calls: Vec<Option<String>>,
}

impl ModuleConsts {
    pub fn get(&self, export: Option<&str>) -> Option<&ConstExport> {
        self.exports.binary_search_by(|e| e.export.as_deref().cmp(&export)).ok().and_then(|i| self.exports.get(i))
    }

    /// Nothing to tell importers.
    pub fn is_empty(&self) -> bool {
        self.exports.is_empty() && self.safe_calls.is_empty()
    }

    /// Whether a call of `export` returns a value without shell syntax.
    pub fn call_is_safe(&self, export: Option<&str>) -> bool {
        self.safe_calls.binary_search_by(|e| e.as_deref().cmp(&export)).is_ok()
    }
}
