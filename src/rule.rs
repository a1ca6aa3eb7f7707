//! The rule trait, the [`Emitter`] rules report through with its finding helpers,
//! and `declare_rule!`, which turns a rule's doc comment into its [`RuleMeta`].

use swc_common::{Span, Spanned};

use crate::config::Config;
use crate::emit::{Label, RawFinding};
use crate::semantic::{CallSite, Origin, Semantic, range};
use crate::vocab::RuleMeta;

/// What a rule is given besides the call: the file's semantic model and the config.
pub struct Context<'s, 'a> {
    pub sem: &'s Semantic<'a>,
    pub config: &'s Config,
}

/// A rule's metadata; `declare_rule!` implements it.
pub trait HasMeta {
    fn meta(&self) -> &'static RuleMeta;
}

/// A rule. The dispatcher (`lint::lint_source`) calls [`Rule::check_call`] once for
/// every call site of the file, in file order, then [`Rule::check_file`] once.
pub trait Rule: HasMeta + Sync + Send {
    /// Checks one call site. At most one finding per rule per call: a second
    /// [`Emitter::emit`] for the same call is ignored.
    fn check_call<'a>(&self, _cx: &Context<'_, 'a>, _site: &CallSite<'a>, _out: &mut Emitter) {}

    /// Checks what belongs to no single call (no rule needs it yet).
    fn check_file(&self, _cx: &Context<'_, '_>, _out: &mut Emitter) {}
}

/// Collects what a rule reports.
#[derive(Debug, Default)]
pub struct Emitter {
    found: Vec<RawFinding>,
    /// Set while a single call is checked: one finding per rule per call.
    one_per_call: bool,
}

impl Emitter {
    /// An emitter for one call (keeps the first finding only).
    pub fn for_call() -> Emitter {
        Emitter { found: Vec::new(), one_per_call: true }
    }

    /// An emitter for a file-level check.
    pub fn for_file() -> Emitter {
        Emitter::default()
    }

    pub fn emit(&mut self, f: RawFinding) {
        if self.one_per_call && !self.found.is_empty() {
            debug_assert!(false, "a rule emitted two findings for one call");
            return;
        }
        self.found.push(f);
    }

    pub fn into_findings(self) -> Vec<RawFinding> {
        self.found
    }
}

/// A finding at `site` with the callee as the primary label.
pub fn at_call(site: &CallSite<'_>, label: &str, message: String, help: String, note: Option<&str>) -> RawFinding {
    let (start, end) = range(site.span);
    let (cs, ce) = range(site.callee_span);
    RawFinding {
        start,
        end,
        primary: Label { start: cs, end: ce, text: label.to_string() },
        message,
        help: Some(help),
        note: note.map(str::to_string),
        labels: Vec::new(),
        fix: None,
    }
}

/// A label on `span`.
pub fn label_at(span: Span, text: &str) -> Label {
    let (start, end) = range(span);
    Label { start, end, text: text.to_string() }
}

/// Adds a label on the options argument when it is written in the call.
pub fn label_options(f: &mut RawFinding, site: &CallSite<'_>, text: &str) {
    if let Some(o) = site.options {
        let l = label_at(o.span(), text);
        if l.start >= f.start && l.end <= f.end {
            f.labels.push(l);
        }
    }
}

/// Where a value comes from, for a message: "`name`, a parameter of the exported
/// function `f`", "`req.query.x`, which comes from the HTTP request", ...
pub fn describe_origin(o: &Origin) -> String {
    match o {
        Origin::Param { name, func: Some(f), exported: true } => {
            format!("`{name}`, a parameter of the exported function `{f}`")
        }
        Origin::Param { name, func: Some(f), exported: false } => format!("`{name}`, a parameter of `{f}`"),
        Origin::Param { name, func: None, .. } => format!("`{name}`, a function parameter"),
        Origin::Request(t) => format!("`{t}`, which comes from the HTTP request"),
        Origin::Argv(t) => format!("`{t}`, a command-line argument"),
        Origin::ParsedArg { text, parser } => format!("`{text}`, a command-line argument parsed by `{parser}`"),
        Origin::Env(t) => format!("`{t}`, an environment variable"),
        Origin::ActionsInput(t) => format!("`{t}`, a GitHub Actions input"),
        Origin::ActionsPayload(t) => {
            format!(
                "`{t}`, which comes from the GitHub event payload (written by whoever opened the issue or pull request)"
            )
        }
        Origin::Stdin(t) => format!("`{t}`, which is read from stdin"),
        Origin::Unknown(t) => format!("`{t}`, which is not a constant"),
    }
}

/// Declares a rule struct whose doc comment becomes its [`RuleMeta::raw_docs`].
#[macro_export]
macro_rules! declare_rule {
    (@or $v:literal, $default:literal) => { $v };
    (@or , $default:literal) => { $default };
    (@opt $v:literal) => { Some($v) };
    (@opt) => { None };
    (
        $(#[doc = $doc:expr])*
        $vis:vis struct $name:ident;
        code: $code:literal,
        name: $id:literal,
        severity: $sev:ident,
        category: $cat:ident,
        cwe: [$($cwe:literal),*],
        summary: $summary:literal
        $(, precision: $precision:literal)?
        $(, security_severity: $ss:literal)? $(,)?
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        impl $crate::rule::HasMeta for $name {
            fn meta(&self) -> &'static $crate::vocab::RuleMeta {
                &Self::META
            }
        }

        impl $name {
            pub const META: $crate::vocab::RuleMeta = $crate::vocab::RuleMeta {
                code: $code,
                name: $id,
                default_severity: $crate::vocab::Severity::$sev,
                category: $crate::vocab::Category::$cat,
                summary: $summary,
                raw_docs: concat!($($doc, "\n"),*),
                cwe: &[$($cwe),*],
                precision: $crate::declare_rule!(@or $($precision)?, "medium"),
                security_severity: $crate::declare_rule!(@opt $($ss)?),
            };
        }
    };
}
