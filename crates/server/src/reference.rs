//! The reference lists (wilayas, communes, occupations, contract types, sectors) that offers and
//! registrations refer to by code, as the kiosks fetch them.

mod http;

pub(crate) use http::routes;
