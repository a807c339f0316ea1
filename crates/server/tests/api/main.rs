//! The server's HTTP behaviour, through the router with `oneshot`: no process, no port.
//!
//! Stories that touch the database are written once and run against SQLite and PostgreSQL by
//! `run_against_every_database!`.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

#[macro_use]
mod support;

mod agencies;
mod backup;
mod database_stories;
mod desk;
mod desk_pages;
mod device_managers;
mod devices;
mod index_page;
mod limits_and_tracing;
mod metrics;
mod offer_snapshots;
mod offers;
mod openapi;
mod reference;
mod registrations;
mod sealing;
mod staff;
mod static_files;
mod two_instances;
