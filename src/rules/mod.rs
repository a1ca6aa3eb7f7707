//! The rule registry: one line per rule, in code order. [`declare_rules!`] emits
//! both the `mod` declaration and the registry entry, so a rule file that is not
//! listed here is not compiled at all, and `tests/registry.rs` fails on it.

pub mod rewrite;

use crate::rule::Rule;
use crate::vocab::RuleMeta;

/// `module::Rule` pairs, in code order: each becomes `pub mod module;` and an
/// entry of [`all`].
macro_rules! declare_rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $(pub mod $module;)*

        static RULES: &[&dyn Rule] = &[$(&$module::$rule),*];
        /// Every rule's metadata, in code order.
        pub static METAS: &[&RuleMeta] = &[$(&$module::$rule::META),*];

        /// The file name (without `.rs`) of every registered rule, in code order.
        pub const MODULES: &[&str] = &[$(stringify!($module)),*];
    };
}

declare_rules! {
    shell_injection::ShellInjection,
    spawn_command_string::SpawnCommandString,
    missing_timeout::MissingTimeout,
    unhandled_error::UnhandledError,
    unchecked_exit::UncheckedExit,
    undrained_stdio::UndrainedStdio,
    buffered_output::BufferedOutput,
    secret_in_args::SecretInArgs,
    detached_without_unref::DetachedWithoutUnref,
    vm_as_sandbox::VmAsSandbox,
    spawn_per_request::SpawnPerRequest,
    orphaned_child::OrphanedChild,
    json_in_args::JsonInArgs,
    untrusted_program::UntrustedProgram,
    argument_injection::ArgumentInjection,
    windows_shim_spawn::WindowsShimSpawn,
    env_without_path::EnvWithoutPath,
    env_injection::EnvInjection,
    shell_timeout::ShellTimeout,
}

/// Every rule, in code order (`CP001` first).
pub fn all() -> &'static [&'static dyn Rule] {
    RULES
}

/// A rule by id (`shell-injection`) or code (`CP001`, any case).
pub fn find(name: &str) -> Option<&'static dyn Rule> {
    let meta = crate::vocab::find_rule(METAS, name)?;
    RULES.iter().copied().find(|r| r.meta().code == meta.code)
}

/// Every rule's metadata, in code order.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    METAS.iter().copied()
}
