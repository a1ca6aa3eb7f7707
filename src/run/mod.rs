//! Running the lint over many files, by concern: reading a file ([`read`]),
//! guarding one file's work against panics and overruns ([`guard`]), scheduling the
//! walk, the screen, the lint and the fix over threads ([`schedule`]), and fixing
//! one file ([`fix`]).

pub mod configs;
pub mod fix;
pub mod guard;
pub mod project;
pub mod read;
pub mod schedule;

pub use configs::Shared;
pub use guard::{Abandoned, Executor, STACK_SIZE, catch, guarded, with_pool, within_limit};
pub use read::KEEP_BUF;
pub use read::lint_file;
pub use schedule::{Linted, RunScope, lint_walk};
