//! Offline sub-commands: they read plain files and print JSON or text.

pub mod admin;
pub mod align;
pub mod database;
pub mod diff;
pub mod eval;
mod jsonl;
pub mod log;
pub mod remote;
pub mod score;
pub mod serve;
pub mod webhook;
