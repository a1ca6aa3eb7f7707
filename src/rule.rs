//! The rule trait and `declare_rule!`, which turns a rule's doc comment into its
//! [`RuleMeta`].

use crate::config::Config;
use crate::emit::RawFinding;
use crate::semantic::Semantic;
use crate::vocab::RuleMeta;

/// What a rule is given: the file's semantic model (call sites first) and config.
pub struct Context<'s, 'a> {
    pub sem: &'s Semantic<'a>,
    pub config: &'s Config,
}

pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<RawFinding>);
}

/// Declares a rule struct whose doc comment becomes its [`RuleMeta::raw_docs`].
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        $vis:vis struct $name:ident;
        code: $code:literal,
        name: $id:literal,
        severity: $sev:ident,
        category: $cat:ident,
        cwe: [$($cwe:literal),*],
        summary: $summary:literal $(,)?
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        impl $name {
            pub const META: $crate::vocab::RuleMeta = $crate::vocab::RuleMeta {
                code: $code,
                name: $id,
                default_severity: $crate::vocab::Severity::$sev,
                category: $crate::vocab::Category::$cat,
                summary: $summary,
                raw_docs: concat!($($doc, "\n"),*),
                cwe: &[$($cwe),*],
            };
        }
    };
}
