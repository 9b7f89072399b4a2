//! The server's tests, one binary with a module an area: the API, the
//! pages, the command line, the trail as a record, webhooks, two servers
//! on one database, faults, hostile input, and the crate's shape.

#[macro_use]
mod common;

mod api;
mod architecture;
mod cli_align;
mod cli_metrics;
mod cli_store;
mod eval_dev;
mod faults;
mod hostile;
mod trail_record;
mod two_servers;
mod web;
mod webhooks;
